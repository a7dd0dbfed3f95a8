package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.codegen.ParseSteps.networkOrder16;
import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;

/**
 * The direct parse's link layer: the Ethernet header, up to two VLAN tags in a bounded loop (r3
 * counting them, off the straight path) and the EtherType after them, then {@link NetworkParse}. The outer frame and a
 * tunnel's inner frame ({@link InnerParse}) are parsed by this one copy of the code.
 */
final class LinkParse {
    private static final int MAX_VLAN_TAGS = 2;

    private final ParseSteps s;
    private final ParsedFields p;
    private final CodeBuilder b;
    private final Label done;

    LinkParse(ParseSteps steps) {
        this.s = steps;
        this.p = steps.p;
        this.b = steps.b;
        this.done = steps.done;
    }

    boolean needsEtherType() {
        return p.needs(PacketField.ETH_TYPE, PacketField.VLAN, PacketField.VLAN_ID, PacketField.VLAN_PCP, PacketField.VLAN_INNER)
                || p.needsNetwork();
    }

    /** Stores the EtherType, held in network order in {@code type}, in host order when a rule reads it. */
    void storeEtherType(Register type) {
        if (!p.needs(PacketField.ETH_TYPE)) return;
        Register dst = p.target(PacketField.ETH_TYPE, R1);
        b.mov64(dst, type).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, dst));
        p.store(PacketField.ETH_TYPE, dst);
    }

    /** The frame from data on, when a rule reads anything of it. */
    void ethernet() {
        if (!p.needs(PacketField.ETH, PacketField.ETH_DST, PacketField.ETH_SRC) && !needsEtherType()) return;
        b.mov64(R9, R7);
        frame();
    }

    /**
     * The Ethernet header at the cursor r9, its tags and what follows them. Returns the network
     * parse it emitted, whose {@link NetworkParse#dispatchAgain} serves another entry with an
     * EtherType in r2, or nothing when no rule reads past the Ethernet addresses.
     */
    java.util.Optional<NetworkParse> frame() {
        // Only a tunnel's frame has a start to record (inner.eth[...]); the outer one is the packet's first byte.
        s.headerStart(PacketField.FRAME_START, 0);
        // The cursor moves past the header first, so that its own compare is the bounds check; the fields are read behind it.
        b.alu64(AluOp.ADD, R9, 14).jump(JumpOp.JGT, R9, R8, done);
        p.present(PacketField.ETH);
        s.mac(PacketField.ETH_DST, -14);
        s.mac(PacketField.ETH_SRC, -8);
        if (!needsEtherType()) return java.util.Optional.empty();
        // The outer frame's from the data pointer, which the cursor's bounds check covers too: the load
        // need not wait for the cursor's add (one step less on every frame's longest chain).
        if (p.isInnerLayer()) b.load(Size.H, R2, R9, -2);
        else b.load(Size.H, R2, R7, 12);
        Label firstTag = b.newLabel("vlan");
        storeEtherType(R2);
        // The tags are tested only where the EtherType is no network protocol's, off the straight path.
        Runnable tagTests = () -> b.jump(JumpOp.JEQ, R2, networkOrder16(0x8100), firstTag)
                .jump(JumpOp.JEQ, R2, networkOrder16(0x88a8), firstTag).jump(JumpOp.JEQ, R2, networkOrder16(0x9100), firstTag);
        NetworkParse network = new NetworkParse(s);
        network.parse(tagTests);
        s.offPath(() -> tags(firstTag, network));
        return java.util.Optional.of(network);
    }

    /**
     * A bounded loop over the tags, r3 counting them (free until the network header's parse). After the
     * last tag the cursor is joined and the EtherType dispatched again, so the untagged frame's path
     * neither counts nor joins.
     */
    private void tags(Label firstTag, NetworkParse network) {
        Label typeFinal = b.newLabel("ethertype_final");
        Label isTag = b.newLabel();
        b.bind(firstTag).mov64(R3, 0);
        b.bind(isTag);
        // A third tag: the type stays its TPID and nothing after it is parsed; a cut tag likewise.
        b.jump(JumpOp.JEQ, R3, MAX_VLAN_TAGS, typeFinal);
        s.requireBytes(4, typeFinal);
        if (p.needs(PacketField.VLAN, PacketField.VLAN_ID, PacketField.VLAN_PCP)) {
            Label inner = b.newLabel();
            b.jump(JumpOp.JNE, R3, 0, inner);
            p.present(PacketField.VLAN);
            Register id = p.target(PacketField.VLAN_ID, R1);
            s.loadBig(id, 0, 2);
            b.alu64(AluOp.AND, id, 0x0fff);
            p.store(PacketField.VLAN_ID, id);
            if (p.needs(PacketField.VLAN_PCP)) {
                Register pcp = p.target(PacketField.VLAN_PCP, R1);
                s.loadBig(pcp, 0, 2);
                b.alu64(AluOp.RSH, pcp, 13);
                p.store(PacketField.VLAN_PCP, pcp);
            }
            b.bind(inner);
        }
        if (p.needs(PacketField.VLAN_INNER)) {
            Label notSecond = b.newLabel();
            b.jump(JumpOp.JNE, R3, 1, notSecond);
            Register id = p.target(PacketField.VLAN_INNER, R1);
            s.loadBig(id, 0, 2);
            b.alu64(AluOp.AND, id, 0x0fff);
            p.store(PacketField.VLAN_INNER, id);
            b.bind(notSecond);
        }
        b.load(Size.H, R2, R9, 2).alu64(AluOp.ADD, R9, 4).alu64(AluOp.ADD, R3, 1);
        b.jump(JumpOp.JEQ, R2, networkOrder16(0x8100), isTag).jump(JumpOp.JEQ, R2, networkOrder16(0x88a8), isTag)
                .jump(JumpOp.JEQ, R2, networkOrder16(0x9100), isTag);
        storeEtherType(R2);
        if (p.needsNetwork()) s.joinCursor(0x3f);
        network.dispatchAgain();
        b.bind(typeFinal);
        storeEtherType(R2);
        b.goTo(done);
    }
}
