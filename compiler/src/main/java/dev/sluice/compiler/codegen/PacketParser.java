package dev.sluice.compiler.codegen;

import dev.sluice.compiler.hooks.ContextAccess;

import dev.sluice.compiler.hooks.PacketField;

import static dev.sluice.compiler.codegen.ParseSteps.networkOrder16;
import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.lower.TraceSetup;

/**
 * Emits code that parses a frame by docs/LANGUAGE.md's exact packet semantics and leaves the result on
 * the stack: a presence word (one bit per {@link PacketField}) and the value slots of the fields
 * that are present. A header counts only when all its fixed bytes are in the packet; anything after
 * a missing or cut header is absent; L4 fields are absent on later fragments while the bare
 * protocol tests still follow the protocol number.
 *
 * <p>Register convention while parsing (no helper calls happen here): r6 accumulates the presence
 * word, r7 = data, r8 = data_end, r9 = the cursor (a packet pointer to the current header), r4 the
 * protocol number for L4, r5 "later fragment", r1-r3 scratch. The bounds check of each header
 * is one compare of {@code cursor + length} against data_end, which is what the verifier needs to
 * allow the header's loads. r7 and r8 keep data and data_end after the parse: pcap conditions
 * ({@code compiler.pcap.PcapEmitter}) read the frame through them.
 *
 * <p>This class parses the link layer (Ethernet and VLAN tags); {@link NetworkParse} and
 * {@link TransportParse} take over from the network header on, with the steps of {@link ParseSteps}.
 */
public final class PacketParser {
    private static final int SKB_PROTOCOL = 16;

    private static final int MAX_VLAN_TAGS = 2;

    private final ParseSteps s;
    private final ParsedFields p;
    private final CodeBuilder b;
    private final Label done;

    private PacketParser(ParsedFields parsed) {
        this.s = new ParseSteps(parsed);
        this.p = parsed;
        this.b = parsed.builder();
        this.done = parsed.doneLabel();
    }

    private boolean needsEtherType() {
        return p.needs(PacketField.ETH_TYPE, PacketField.VLAN, PacketField.VLAN_ID, PacketField.VLAN_PCP, PacketField.VLAN_INNER)
                || p.needsNetwork();
    }

    /** Emits the whole parse of the fields with fixed slots ({@link PacketField#isLater}), every field flagged in the presence word, which ends up on the stack with the values. */
    public static void emit(CodeBuilder b, ContextAccess access) {
        java.util.Set<PacketField> fixed = java.util.EnumSet.noneOf(PacketField.class);
        for (PacketField f : PacketField.values()) if (!f.isLater()) fixed.add(f);
        emit(b, access, new ParsedFields(b, fixed), TraceSetup.NONE);
    }

    /**
     * Emits a parse of only what {@code needed} asks for: the headers those fields live in and the
     * ones before them, and only those fields. The direct packet parse marks absent value fields by
     * all ones ({@link FieldStorage}); the result says where each field is.
     */
    public static ParsedFields emit(CodeBuilder b, ContextAccess access, java.util.Set<PacketField> needed, TraceSetup trace) {
        return emit(b, access, needed, java.util.Set.of(), java.util.Set.of(), trace);
    }

    /** As above, the direct parse leaving the transport fields of {@code onlyIpv4} ({@code onlyIpv6}) unparsed behind the other IP version. */
    public static ParsedFields emit(CodeBuilder b, ContextAccess access, java.util.Set<PacketField> needed,
            java.util.Set<PacketField> onlyIpv4, java.util.Set<PacketField> onlyIpv6, TraceSetup trace) {
        boolean direct = access == ContextAccess.XDP || access == ContextAccess.SKB || access == ContextAccess.SKB_NETWORK;
        ParsedFields parsed = direct ? new ParsedFields(b, needed, true, onlyIpv4, onlyIpv6) : new ParsedFields(b, needed, false);
        emit(b, access, parsed, trace);
        return parsed;
    }

    private static void emit(CodeBuilder b, ContextAccess access, ParsedFields parsed, TraceSetup trace) {
        // The hook table's context access chooses the preamble: a direct parse, a copying one, or none but the context's own.
        switch (access) {
            case XDP, SKB, SKB_NETWORK -> new PacketParser(parsed).packet(access);
            case SOCKET -> new SocketParser(parsed).parse();
            case DEVICE -> new DevicePreamble(parsed).emit();
            case TRACE, TRACE_PT_REGS, TRACE_PERF_EVENT -> new TracePreamble(parsed, trace).emit(access);
        }
    }

    /** The direct parse of xdp_md or __sk_buff, from the Ethernet header or (cgroup_skb) the network header. */
    private void packet(ContextAccess access) {
        if (!access.ethernet()) {
            // skb->protocol holds the EtherType in network order in its low 16 bits, as a 16-bit load from the frame does.
            b.load(Size.W, R2, R1, SKB_PROTOCOL);
        }
        b.load(Size.W, R7, R1, access.data()).load(Size.W, R8, R1, access.dataEnd());
        p.start();
        if (p.needs(PacketField.PKT_LEN)) {
            b.mov64(R1, R8).alu64(AluOp.SUB, R1, R7);
            p.store(PacketField.PKT_LEN, R1);
        }
        if (access.ethernet()) {
            ethernet();
        } else {
            b.mov64(R9, R7);
            new NetworkParse(s).parse();
        }
        // Every path above has ended in a jump: the rare headers' code goes here, off the straight path.
        s.emitOffPath();
        p.finish();
    }

    /** Stores the EtherType, held in network order in {@code type}, in host order when a rule reads it. */
    private void storeEtherType(Register type) {
        if (!p.needs(PacketField.ETH_TYPE)) return;
        Register dst = p.target(PacketField.ETH_TYPE, R1);
        b.mov64(dst, type).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, dst));
        p.store(PacketField.ETH_TYPE, dst);
    }

    private void ethernet() {
        if (!p.needs(PacketField.ETH, PacketField.ETH_DST, PacketField.ETH_SRC) && !needsEtherType()) return;
        // The cursor moves past the header first, so that its own compare is the bounds check; the fields are read behind it.
        b.mov64(R9, R7).alu64(AluOp.ADD, R9, 14).jump(JumpOp.JGT, R9, R8, done);
        p.present(PacketField.ETH);
        s.mac(PacketField.ETH_DST, -14);
        s.mac(PacketField.ETH_SRC, -8);
        if (!needsEtherType()) return;
        b.load(Size.H, R2, R9, -2);
        Label firstTag = b.newLabel("vlan");
        storeEtherType(R2);
        // The tags are tested only where the EtherType is no network protocol's, off the straight path.
        Runnable tagTests = () -> b.jump(JumpOp.JEQ, R2, networkOrder16(0x8100), firstTag)
                .jump(JumpOp.JEQ, R2, networkOrder16(0x88a8), firstTag).jump(JumpOp.JEQ, R2, networkOrder16(0x9100), firstTag);
        NetworkParse network = new NetworkParse(s);
        network.parse(tagTests);
        s.offPath(() -> tags(firstTag, network));
    }

    /**
     * A bounded loop over the tags, r0 counting them (no helper runs during the parse). After the
     * last tag the cursor is joined and the EtherType dispatched again, so the untagged frame's path
     * neither counts nor joins.
     */
    private void tags(Label firstTag, NetworkParse network) {
        Label typeFinal = b.newLabel("ethertype_final");
        Label isTag = b.newLabel();
        b.bind(firstTag).mov64(R0, 0);
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
        b.load(Size.H, R2, R9, 2).alu64(AluOp.ADD, R9, 4).alu64(AluOp.ADD, R0, 1);
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
