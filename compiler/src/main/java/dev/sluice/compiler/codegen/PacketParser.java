package dev.sluice.compiler.codegen;

import dev.sluice.compiler.hooks.ContextAccess;

import dev.sluice.compiler.hooks.PacketField;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Label;
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
 * <p>This class picks the preamble and starts the direct parse; {@link LinkParse} (Ethernet and VLAN
 * tags), {@link NetworkParse} and {@link TransportParse} parse the headers with the steps of
 * {@link ParseSteps}, and {@link InnerParse} the packet a tunnel carries, with the same classes.
 */
public final class PacketParser {
    private static final int SKB_PROTOCOL = 16;

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

    /** Emits the whole parse of the fields with fixed slots ({@link PacketField#isLater}), every field flagged in the presence word, which ends up on the stack with the values. */
    public static void emit(CodeBuilder b, ContextAccess access) {
        java.util.Set<PacketField> fixed = java.util.EnumSet.noneOf(PacketField.class);
        for (PacketField f : PacketField.values()) if (!f.isLater()) fixed.add(f);
        emit(b, access, new ParsedFields(b, fixed), TraceSetup.NONE, false);
    }

    /**
     * Emits a parse of only what {@code needed} asks for: the headers those fields live in and the
     * ones before them, and only those fields. The direct packet parse marks absent value fields by
     * all ones ({@link FieldStorage}); the result says where each field is. The rare headers' code
     * (VLAN tags, extension headers, ARP, the inner parse) waits until the caller has emitted its own
     * code, which must end in exits: {@link ParsedFields#emitRareHeaders} emits it there.
     */
    public static ParsedFields emit(CodeBuilder b, ContextAccess access, java.util.Set<PacketField> needed, TraceSetup trace) {
        return emit(b, access, needed, java.util.Set.of(), java.util.Set.of(), trace);
    }

    /** As above, the direct parse leaving the transport fields of {@code onlyIpv4} ({@code onlyIpv6}) unparsed behind the other IP version. */
    public static ParsedFields emit(CodeBuilder b, ContextAccess access, java.util.Set<PacketField> needed,
            java.util.Set<PacketField> onlyIpv4, java.util.Set<PacketField> onlyIpv6, TraceSetup trace) {
        boolean direct = access == ContextAccess.XDP || access == ContextAccess.SKB || access == ContextAccess.SKB_NETWORK;
        ParsedFields parsed = direct ? new ParsedFields(b, needed, true, onlyIpv4, onlyIpv6) : new ParsedFields(b, needed, false);
        emit(b, access, parsed, trace, true);
        return parsed;
    }

    private static void emit(CodeBuilder b, ContextAccess access, ParsedFields parsed, TraceSetup trace, boolean rareHeadersLater) {
        // The hook table's context access chooses the preamble: a direct parse, a copying one, or none but the context's own.
        switch (access) {
            case XDP, SKB, SKB_NETWORK -> new PacketParser(parsed).packet(access, rareHeadersLater);
            case SOCKET -> new SocketParser(parsed).parse();
            case DEVICE -> new DevicePreamble(parsed).emit();
            case TRACE, TRACE_PT_REGS, TRACE_PERF_EVENT -> new TracePreamble(parsed, trace).emit(access);
        }
    }

    /** The direct parse of xdp_md or __sk_buff, from the Ethernet header or (cgroup_skb) the network header. */
    private void packet(ContextAccess access, boolean rareHeadersLater) {
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
            new LinkParse(s).ethernet();
        } else {
            b.mov64(R9, R7);
            new NetworkParse(s).parse();
        }
        // Every path above has ended in a jump: the rare headers' code goes after the rules' code (which
        // ends in exits), off the straight path, which then falls into the rules without a jump; or,
        // for a caller that has no such code, here, before the parse's end.
        Runnable rare = () -> {
            s.emitOffPath();
            if (p.needsInner()) new InnerParse(s).emit();
        };
        if (!rareHeadersLater) rare.run();
        p.finish();
        if (rareHeadersLater) p.rareHeaders(rare);
    }

}
