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
 * The direct parse's link layer: the Ethernet header, up to two VLAN tags in a bounded loop (r0
 * counting them) and the EtherType after them, then {@link NetworkParse}. The outer frame and a
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

    /** The Ethernet header at the cursor r9, its tags and what follows them. */
    void frame() {
        s.requireBytes(14, done);
        p.present(PacketField.ETH);
        s.mac(PacketField.ETH_DST, 0);
        s.mac(PacketField.ETH_SRC, 6);
        if (!needsEtherType()) return;
        b.load(Size.H, R2, R9, 12).alu64(AluOp.ADD, R9, 14);
        Label typeFinal = b.newLabel("ethertype_final");
        // A bounded loop over the tags, r0 counting them (no helper runs during the parse); the tags are off the straight path.
        Label tagLoop = b.newLabel("vlan");
        Label isTag = b.newLabel();
        b.mov64(R0, 0).bind(tagLoop);
        b.jump(JumpOp.JEQ, R2, networkOrder16(0x8100), isTag).jump(JumpOp.JEQ, R2, networkOrder16(0x88a8), isTag)
                .jump(JumpOp.JEQ, R2, networkOrder16(0x9100), isTag);
        storeEtherType(R2);
        if (p.needsNetwork()) s.joinCursor(0x3f);
        new NetworkParse(s).parse();
        s.offPath(() -> {
            b.bind(isTag);
            // A third tag: the type stays its TPID and nothing after it is parsed; a cut tag likewise.
            b.jump(JumpOp.JEQ, R0, MAX_VLAN_TAGS, typeFinal);
            s.requireBytes(4, typeFinal);
            if (p.needs(PacketField.VLAN, PacketField.VLAN_ID, PacketField.VLAN_PCP)) {
                Label inner = b.newLabel();
                b.jump(JumpOp.JNE, R0, 0, inner);
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
                b.jump(JumpOp.JNE, R0, 1, notSecond);
                Register id = p.target(PacketField.VLAN_INNER, R1);
                s.loadBig(id, 0, 2);
                b.alu64(AluOp.AND, id, 0x0fff);
                p.store(PacketField.VLAN_INNER, id);
                b.bind(notSecond);
            }
            b.load(Size.H, R2, R9, 2).alu64(AluOp.ADD, R9, 4).alu64(AluOp.ADD, R0, 1).goTo(tagLoop);
            b.bind(typeFinal);
            storeEtherType(R2);
            b.goTo(done);
        });
    }
}
