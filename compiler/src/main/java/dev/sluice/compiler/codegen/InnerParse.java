package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Size;

/**
 * The packet a VXLAN, Geneve or GRE tunnel carries (docs/LANGUAGE-RAW-BYTES.md, "Tunnels"), parsed by the
 * outer parse's own classes ({@link LinkParse}, {@link NetworkParse}, {@link TransportParse}) in
 * the inner layer's view of the fields ({@link ParsedFields#innerLayer}). Emitted once, after the
 * outer parse, and entered from each tunnel ({@link ParseSteps#innerEntries}).
 *
 * <p>The inner fields' presence bits live in a stack word of their own; while the inner packet is
 * parsed r6 holds that word (the outer one waits in its slot), and the two change places again
 * where every inner parse path ends.
 */
final class InnerParse {
    private final ParseSteps outer;
    private final ParsedFields p;
    private final ParseSteps s;
    private final CodeBuilder b;

    InnerParse(ParseSteps outer) {
        this.outer = outer;
        this.p = outer.p.innerLayer();
        this.s = new ParseSteps(p);
        this.b = outer.b;
    }

    /** Emits both entries, the inner parse and its end, which hands back to the outer parse's end. */
    void emit() {
        ParseSteps.InnerEntries entries = outer.innerEntries();
        LinkParse link = new LinkParse(s);
        b.bind(entries.frame());
        enter();
        java.util.Optional<NetworkParse> network = link.frame();
        if (network.isEmpty()) b.goTo(s.done);
        b.bind(entries.network());
        enter();
        link.storeEtherType(R2);
        // GRE carrying IP enters at the frame's own network code, as the EtherType after VLAN tags does.
        if (network.isPresent()) network.get().dispatchAgain();
        else new NetworkParse(s).parse();
        s.emitOffPath();
        b.bind(s.done);
        if (p.innerFlagged() && p.outerHoldsR6()) {
            b.load(Size.DW, R1, R10, p.innerWordOffset()).store(Size.DW, R10, p.innerWordOffset(), R6).mov64(R6, R1);
        } else if (p.innerFlagged()) {
            b.store(Size.DW, R10, p.innerWordOffset(), R6);
        }
        b.goTo(outer.done);
    }

    /** The cursor joined (every tunnel's path meets here), and r6 the inner presence word while the outer one waits in its slot. */
    private void enter() {
        s.joinCursor(ParseSteps.INNER_CURSOR_MASK);
        if (p.innerFlagged() && p.outerHoldsR6()) b.store(Size.DW, R10, p.innerWordOffset(), R6);
        if (p.innerFlagged()) b.mov64(R6, 0);
    }
}
