package dev.sluice.compiler.codegen;

import dev.sluice.compiler.hooks.ContextAccess;

import dev.sluice.compiler.hooks.PacketField;

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
 */
public final class PacketParser {
    private static final int SKB_PROTOCOL = 16;

    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86dd;
    private static final int ETH_ARP = 0x0806;
    private static final int MAX_VLAN_TAGS = 2;
    private static final int MAX_IPV6_EXTENSIONS = 4;

    private final ParsedFields p;
    private final CodeBuilder b;
    private final Label done;
    /**
     * Code for rare headers (VLAN tags, IPv6 extension headers), emitted after every parse path has
     * ended so that the common frame runs straight through. The verifier still walks the common path
     * first (a conditional jump's fall-through is explored before its target), which keeps its
     * pruning as cheap as before.
     */
    private final java.util.List<Runnable> cold = new java.util.ArrayList<>();

    private PacketParser(ParsedFields parsed) {
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
        boolean direct = access == ContextAccess.XDP || access == ContextAccess.SKB || access == ContextAccess.SKB_NETWORK;
        ParsedFields parsed = new ParsedFields(b, needed, direct);
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
            network();
        }
        // Every path above has ended in a jump: the rare headers' code goes here, off the straight path.
        cold.forEach(Runnable::run);
        p.finish();
    }

    /**
     * A 16-bit constant as a 16-bit load of its network-order bytes reads on the little-endian hosts
     * eBPF runs on: comparing with it spares swapping the loaded value.
     */
    private static int networkOrder16(int value) {
        return ((value & 0xff) << 8) | (value >>> 8);
    }

    /** Stores the EtherType, held in network order in {@code type}, in host order when a rule reads it. */
    private void storeEtherType(Register type) {
        if (!p.needs(PacketField.ETH_TYPE)) return;
        Register dst = p.target(PacketField.ETH_TYPE, R1);
        b.mov64(dst, type).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, dst));
        p.store(PacketField.ETH_TYPE, dst);
    }

    /** Loads an unsigned big-endian field of {@code bytes} at {@code offset} from the cursor into {@code dst}. */
    private void loadBig(Register dst, int offset, int bytes) {
        switch (bytes) {
            case 1:
                b.load(Size.B, dst, R9, offset);
                break;
            case 2:
                b.load(Size.H, dst, R9, offset).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, dst));
                break;
            case 4:
                b.load(Size.W, dst, R9, offset).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 32, dst));
                break;
            default:
                b.load(Size.DW, dst, R9, offset).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 64, dst));
        }
    }

    private void field(PacketField field, int offset, int bytes) {
        if (bytes == 6) {
            mac(field, offset);
            return;
        }
        if (!p.needs(field)) return;
        Register dst = p.target(field, R1);
        loadBig(dst, offset, bytes);
        p.store(field, dst);
    }

    /** The header's value fields the program uses, from the cursor. */
    private void fields(HeaderLayout.Header header) {
        for (HeaderLayout.FieldAt f : header.fields()) field(f.field(), f.offset(), f.bytes());
    }

    /**
     * Where parse paths join, the cursor becomes {@code data + (cursor - data) & mask}: the same
     * value, but a pointer with one variable offset on every path, so that the verifier prunes the
     * paths here instead of walking the rest of the parse once per way of reaching it (tag counts,
     * extension-header chains). Subtracting packet pointers is allowed to privileged programs.
     */
    private void joinCursor(int mask) {
        b.alu64(AluOp.SUB, R9, R7).alu64(AluOp.AND, R9, mask).alu64(AluOp.ADD, R9, R7);
    }

    /** {@code if cursor + length > data_end goto target}. */
    private void requireBytes(int length, Label target) {
        b.mov64(R1, R9).alu64(AluOp.ADD, R1, length).jump(JumpOp.JGT, R1, R8, target);
    }

    /** A MAC address at {@code at} from the cursor as a 48-bit number: the first four bytes, then the last two (uses r1, r2). */
    private void mac(PacketField mac, int at) {
        if (!p.needs(mac)) return;
        loadBig(R1, at, 4);
        b.alu64(AluOp.LSH, R1, 16);
        loadBig(R2, at + 4, 2);
        b.alu64(AluOp.OR, R1, R2);
        p.store(mac, R1);
    }

    /** {@code field} = ({@code value} >> {@code shift}) & {@code mask}, from a register the caller keeps. */
    private void bits(PacketField field, Register value, int shift, int mask) {
        if (!p.needs(field)) return;
        Register dst = p.target(field, R1);
        b.mov64(dst, value);
        if (shift > 0) b.alu64(AluOp.RSH, dst, shift);
        b.alu64(AluOp.AND, dst, mask);
        p.store(field, dst);
    }

    /** Marks the test {@code test} present when {@code value & mask} is not zero (uses r1). */
    private void flag(PacketField test, Register value, int mask) {
        if (!p.needs(test)) return;
        Label clear = b.newLabel();
        b.mov64(R1, value).alu64(AluOp.AND, R1, mask).jump(JumpOp.JEQ, R1, 0, clear);
        p.present(test);
        b.bind(clear);
    }

    private void ethernet() {
        if (!p.needs(PacketField.ETH, PacketField.ETH_DST, PacketField.ETH_SRC) && !needsEtherType()) return;
        b.mov64(R9, R7);
        requireBytes(14, done);
        p.present(PacketField.ETH);
        mac(PacketField.ETH_DST, 0);
        mac(PacketField.ETH_SRC, 6);
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
        if (p.needsNetwork()) joinCursor(0x3f);
        network();
        cold.add(() -> {
            b.bind(isTag);
            // A third tag: the type stays its TPID and nothing after it is parsed; a cut tag likewise.
            b.jump(JumpOp.JEQ, R0, MAX_VLAN_TAGS, typeFinal);
            requireBytes(4, typeFinal);
            if (p.needs(PacketField.VLAN, PacketField.VLAN_ID, PacketField.VLAN_PCP)) {
                Label inner = b.newLabel();
                b.jump(JumpOp.JNE, R0, 0, inner);
                p.present(PacketField.VLAN);
                Register id = p.target(PacketField.VLAN_ID, R1);
                loadBig(id, 0, 2);
                b.alu64(AluOp.AND, id, 0x0fff);
                p.store(PacketField.VLAN_ID, id);
                if (p.needs(PacketField.VLAN_PCP)) {
                    Register pcp = p.target(PacketField.VLAN_PCP, R1);
                    loadBig(pcp, 0, 2);
                    b.alu64(AluOp.RSH, pcp, 13);
                    p.store(PacketField.VLAN_PCP, pcp);
                }
                b.bind(inner);
            }
            if (p.needs(PacketField.VLAN_INNER)) {
                Label notSecond = b.newLabel();
                b.jump(JumpOp.JNE, R0, 1, notSecond);
                Register id = p.target(PacketField.VLAN_INNER, R1);
                loadBig(id, 0, 2);
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

    /** r2 = EtherType, r9 = the network header. */
    private void network() {
        if (!p.needsNetwork()) {
            b.goTo(done);
            return;
        }
        Label ipv4 = b.newLabel("ipv4");
        Label ipv6 = b.newLabel("ipv6");
        if (p.needsIpv4()) b.jump(JumpOp.JEQ, R2, networkOrder16(ETH_IPV4), ipv4);
        if (p.needsIpv6()) b.jump(JumpOp.JEQ, R2, networkOrder16(ETH_IPV6), ipv6);
        if (p.needsArp()) {
            b.jump(JumpOp.JNE, R2, networkOrder16(ETH_ARP), done);
            requireBytes(HeaderLayout.ARP.length(), done);
            p.present(PacketField.ARP);
            fields(HeaderLayout.ARP);
        }
        b.goTo(done);
        if (p.needsIpv4()) {
            b.bind(ipv4);
            ipv4();
        }
        if (p.needsIpv6()) {
            b.bind(ipv6);
            ipv6();
        }
    }

    private void ipv4() {
        requireBytes(HeaderLayout.IPV4.length(), done);
        b.load(Size.B, R3, R9, 0).alu64(AluOp.AND, R3, 0x0f).jump(JumpOp.JLT, R3, 5, done)
                .alu64(AluOp.LSH, R3, 2)
                .mov64(R1, R9).alu64(AluOp.ADD, R1, R3).jump(JumpOp.JGT, R1, R8, done);
        p.present(PacketField.IP);
        fields(HeaderLayout.IPV4);
        bits(PacketField.IP_IHL, R3, 2, 0x0f);
        if (p.needs(PacketField.IP_DF, PacketField.IP_MF, PacketField.IP_FRAGOFF, PacketField.FRAG)) {
            // r2 = flags and fragment offset (the EtherType in r2 is no longer needed).
            loadBig(R2, HeaderLayout.IPV4_FRAGMENT, 2);
            flag(PacketField.IP_DF, R2, 0x4000);
            flag(PacketField.IP_MF, R2, 0x2000);
            flag(PacketField.FRAG, R2, 0x3fff);
            bits(PacketField.IP_FRAGOFF, R2, 0, 0x1fff);
        }
        if (!p.needs(PacketField.IP_PROTO) && !p.needsTransport(false)) {
            b.goTo(done);
            return;
        }
        loadBig(R4, HeaderLayout.IPV4_PROTOCOL, 1);
        p.store(PacketField.IP_PROTO, R4);
        if (!p.needsTransport(false)) {
            b.goTo(done);
            return;
        }
        // Only whether the fragment offset (the low 13 bits) is zero matters: masked in network order.
        b.load(Size.H, R5, R9, HeaderLayout.IPV4_FRAGMENT).alu64(AluOp.AND, R5, networkOrder16(0x1fff));
        // r3 still holds IHL x 4, bounded by 60: the cursor moves to the L4 header.
        b.alu64(AluOp.ADD, R9, R3);
        transport(false);
    }

    private void ipv6() {
        requireBytes(HeaderLayout.IPV6.length(), done);
        p.present(PacketField.IP6);
        fields(HeaderLayout.IPV6);
        if (p.needs(PacketField.IP6_TCLASS, PacketField.IP6_FLOW)) {
            loadBig(R2, HeaderLayout.IPV6_FIRST_WORD, 4);
            bits(PacketField.IP6_TCLASS, R2, 20, 0xff);
            bits(PacketField.IP6_FLOW, R2, 0, 0xfffff);
        }
        for (PacketField address : new PacketField[] {PacketField.IP6_SRC, PacketField.IP6_DST}) {
            if (!p.needs(address)) continue;
            int at = address == PacketField.IP6_SRC ? 8 : 24;
            loadBig(R1, at, 8);
            b.store(Size.DW, R10, ParsedFields.offsetOf(address), R1);
            loadBig(R1, at + 8, 8);
            b.store(Size.DW, R10, ParsedFields.offsetOf(address) + 8, R1);
            p.present(address);
        }
        if (!p.needs(PacketField.IP6_NEXT, PacketField.FRAG) && !p.needsTransport(true)) {
            b.goTo(done);
            return;
        }
        loadBig(R4, 6, 1);
        b.mov64(R5, 0).alu64(AluOp.ADD, R9, 40);
        Label next = b.newLabel("ip6_next");
        Label tooMany = b.newLabel("ip6_too_many");
        // A bounded loop over up to four extension headers, r2 counting them: one copy of the code,
        // which the verifier walks once per iteration (the joined cursor makes the paths inside converge).
        Label loop = b.newLabel("ip6_extension");
        Label isExtension = b.newLabel();
        Label fragment = b.newLabel();
        Label skipped = b.newLabel();
        b.mov64(R2, 0).bind(loop);
        b.jump(JumpOp.JEQ, R4, 0, isExtension).jump(JumpOp.JEQ, R4, 43, isExtension)
                .jump(JumpOp.JEQ, R4, 60, isExtension).jump(JumpOp.JEQ, R4, 44, fragment);
        b.bind(next);
        p.store(PacketField.IP6_NEXT, R4);
        joinCursor(0x3fff);
        if (p.needsTransport(true)) transport(true);
        else b.goTo(done);
        // The extension headers, off the straight path.
        cold.add(() -> {
            b.bind(fragment);
            requireBytes(8, done);
            p.present(PacketField.FRAG);
            // Only whether the offset (the top 13 bits) is zero matters: masked in network order.
            b.load(Size.H, R3, R9, 2).alu64(AluOp.AND, R3, networkOrder16(0xfff8)).alu64(AluOp.OR, R5, R3)
                    .load(Size.B, R4, R9, 0).alu64(AluOp.ADD, R9, 8).goTo(skipped);
            b.bind(isExtension);
            requireBytes(2, done);
            b.load(Size.B, R3, R9, 1).alu64(AluOp.ADD, R3, 1).alu64(AluOp.LSH, R3, 3)
                    .mov64(R1, R9).alu64(AluOp.ADD, R1, R3).jump(JumpOp.JGT, R1, R8, done)
                    .load(Size.B, R4, R9, 0).mov64(R9, R1);
            b.bind(skipped);
            joinCursor(0x3fff);
            b.alu64(AluOp.ADD, R2, 1).jump(JumpOp.JLT, R2, MAX_IPV6_EXTENSIONS, loop);
            // After the fourth: a fifth extension header leaves ip6.next at its type and no L4.
            b.jump(JumpOp.JEQ, R4, 0, tooMany).jump(JumpOp.JEQ, R4, 43, tooMany)
                    .jump(JumpOp.JEQ, R4, 60, tooMany).jump(JumpOp.JNE, R4, 44, next);
            b.bind(tooMany);
            p.store(PacketField.IP6_NEXT, R4);
            b.goTo(done);
        });
    }

    /** r4 = protocol, r5 != 0 on a later fragment, r9 = the L4 header. */
    /** TCP and UDP are parsed by one copy of their code, whichever IP version leads there. */
    private Label tcpBody;
    private Label udpBody;

    private void transport(boolean v6) {
        boolean firstTcp = tcpBody == null;
        boolean firstUdp = udpBody == null;
        if (firstTcp) tcpBody = b.newLabel("tcp");
        if (firstUdp) udpBody = b.newLabel("udp");
        Label tcp = tcpBody;
        Label udp = udpBody;
        Label icmp = b.newLabel();
        Label sctp = b.newLabel("sctp");
        Label gre = b.newLabel("gre");
        int icmpProtocol = v6 ? 58 : 1;
        PacketField icmpTest = v6 ? PacketField.ICMP6 : PacketField.ICMP;
        boolean wantTcp = p.needs(PacketField.TCP, PacketField.TCP_SPORT, PacketField.TCP_DPORT, PacketField.TCP_FLAGS, PacketField.TCP_WIN);
        boolean wantUdp = p.needs(PacketField.UDP, PacketField.UDP_SPORT, PacketField.UDP_DPORT, PacketField.UDP_LEN)
                || p.needsTunnel();
        boolean wantSctp = p.needs(PacketField.SCTP, PacketField.SCTP_SPORT, PacketField.SCTP_DPORT);
        boolean wantGre = p.needs(PacketField.GRE, PacketField.GRE_PROTO);
        boolean wantIcmp = v6 ? p.needs(PacketField.ICMP6, PacketField.ICMP6_TYPE, PacketField.ICMP6_CODE)
                : p.needs(PacketField.ICMP, PacketField.ICMP_TYPE, PacketField.ICMP_CODE);
        if (wantTcp) b.jump(JumpOp.JEQ, R4, 6, tcp);
        if (wantUdp) b.jump(JumpOp.JEQ, R4, 17, udp);
        if (wantIcmp) b.jump(JumpOp.JEQ, R4, icmpProtocol, icmp);
        if (wantSctp) b.jump(JumpOp.JEQ, R4, 132, sctp);
        if (wantGre) b.jump(JumpOp.JEQ, R4, 47, gre);
        b.goTo(done);
        if (wantTcp && firstTcp) layer4(tcp, PacketField.TCP, HeaderLayout.TCP, false);
        if (wantUdp && firstUdp) layer4(udp, PacketField.UDP, HeaderLayout.UDP, p.needsTunnel());
        if (wantIcmp) layer4(icmp, icmpTest, v6 ? HeaderLayout.ICMP6 : HeaderLayout.ICMP, false);
        if (wantSctp) layer4(sctp, PacketField.SCTP, HeaderLayout.SCTP, false);
        if (wantGre) gre(gre);
    }

    /** GRE: its test, then (not on later fragments) its protocol once the 4 bytes and the optional fields the flags announce are there. */
    private void gre(Label at) {
        b.bind(at);
        p.present(PacketField.GRE);
        if (!p.needs(PacketField.GRE_PROTO)) {
            b.goTo(done);
            return;
        }
        b.jump(JumpOp.JNE, R5, 0, done);
        requireBytes(4, done);
        // r2 = 4 plus 4 for each of the checksum (C), key (K) and sequence number (S) flags of byte 0.
        b.load(Size.B, R3, R9, 0).mov64(R2, 4);
        for (int optional : new int[] {0x80, 0x20, 0x10}) {
            Label absent = b.newLabel();
            b.mov64(R1, R3).alu64(AluOp.AND, R1, optional).jump(JumpOp.JEQ, R1, 0, absent).alu64(AluOp.ADD, R2, 4);
            b.bind(absent);
        }
        b.mov64(R1, R9).alu64(AluOp.ADD, R1, R2).jump(JumpOp.JGT, R1, R8, done);
        field(PacketField.GRE_PROTO, 2, 2);
        b.goTo(done);
    }

    /**
     * After a whole UDP header (r9 still at it): VXLAN on destination port 4789 (8 bytes), Geneve on
     * 6081 (8 bytes plus its options, whose length is byte 0's low 6 bits in 4-byte words).
     */
    private void tunnels() {
        Label geneve = b.newLabel("geneve");
        loadBig(R3, 2, 2);
        if (p.needs(PacketField.VXLAN_VNI)) {
            b.jump(JumpOp.JNE, R3, 4789, geneve);
            requireBytes(HeaderLayout.TUNNEL_END, done);
            vni(PacketField.VXLAN_VNI);
            b.goTo(done);
        }
        b.bind(geneve);
        if (p.needs(PacketField.GENEVE_VNI)) {
            b.jump(JumpOp.JNE, R3, 6081, done);
            requireBytes(HeaderLayout.TUNNEL_END, done);
            b.load(Size.B, R2, R9, 8).alu64(AluOp.AND, R2, 0x3f).alu64(AluOp.LSH, R2, 2)
                    .mov64(R1, R9).alu64(AluOp.ADD, R1, R2).alu64(AluOp.ADD, R1, HeaderLayout.TUNNEL_END).jump(JumpOp.JGT, R1, R8, done);
            vni(PacketField.GENEVE_VNI);
        }
        b.goTo(done);
    }

    /** A 24-bit network identifier in bytes 4-6 of the tunnel header after the UDP header. */
    private void vni(PacketField field) {
        Register dst = p.target(field, R1);
        loadBig(dst, HeaderLayout.VNI_AFTER_UDP, 4);
        b.alu64(AluOp.RSH, dst, 8);
        p.store(field, dst);
    }

    /** An L4 header: its test, then (not on later fragments, and when all of it is there) its value fields. */
    private void layer4(Label at, PacketField test, HeaderLayout.Header header, boolean tunnels) {
        b.bind(at);
        p.present(test);
        if (!p.needs(header.valueFields()) && !tunnels) {
            b.goTo(done);
            return;
        }
        b.jump(JumpOp.JNE, R5, 0, done);
        requireBytes(header.length(), done);
        fields(header);
        if (tunnels) tunnels();
        else b.goTo(done);
    }
}
