package dev.sluice.compiler.codegen;

import dev.sluice.compiler.hooks.PacketField;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Helper;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;

/**
 * The parse for socket filters. Each header is copied onto the stack with
 * {@code bpf_skb_load_bytes_relative(skb, offset, buffer, length, BPF_HDR_START_NET)}; a copy that
 * fails means the header is not all there, which is the language's "absent" (LD_ABS would end the
 * program instead). Helper calls clobber r1-r5, so the state lives in r6 (presence), r7 (the skb),
 * r8 (EtherType, then the L4 protocol), r9 (the cursor, an offset from the network header), and
 * the later-fragment flag in a stack slot. The buffer and that slot overlap the two spare slots
 * that {@link ParsedFields} hands out last, never to a socket program's fields (checked when the
 * parse starts). Loads from the buffer are split into
 * pieces aligned to their size: the verifier refuses misaligned stack access (ARP's addresses at 14
 * and 18).
 */
final class SocketParser {
    private static final int SKB_PROTOCOL = 16;
    private static final int SKB_LEN = 0;
    /** {@code BPF_HDR_START_NET}: the helper counts offsets from the network header. */
    static final int START_NET = 1;
    /**
     * 40 bytes of scratch for a copied header, below the parsed packet (keys are built only later); its
     * first slot, after the parse, takes raw bytes ({@link SocketRawBytesCode}).
     */
    static final int BUFFER = ParsedFields.STACK_BASE - 48;
    /** The later-fragment flag while the parse runs; after it, an operand kept across a raw read's helper call. */
    static final int FRAGMENT = ParsedFields.STACK_BASE - 56;

    private final ParsedFields p;
    private final CodeBuilder b;
    private final Label done;

    SocketParser(ParsedFields parser) {
        this.p = parser;
        this.b = parser.builder();
        this.done = parser.doneLabel();
        for (PacketField f : PacketField.values()) {
            if (!f.isLater() || f.slots() == 0 || !p.needs(f)) continue;
            int at = p.offset(f);
            if (at >= FRAGMENT && at < BUFFER + 48) {
                throw new InternalCompilerError(f.scriptName() + "'s slot is the socket parse's scratch (FieldSlotLimit holds socket programs below it)");
            }
        }
    }

    void parse() {
        b.mov64(R7, R1).mov64(R6, 0).mov64(R9, 0)
                .load(Size.W, R8, R7, SKB_PROTOCOL).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, R8));
        if (p.needs(PacketField.PKT_LEN)) {
            b.load(Size.W, R2, R7, SKB_LEN);
            p.store(PacketField.PKT_LEN, R2);
        }
        if (p.needsNetwork()) network();
        p.finish();
    }

    /** Copies {@code length} bytes at cursor + {@code extra} to the buffer; on failure jumps to {@code absent}. */
    private void copy(int extra, int length, Label absent) {
        b.mov64(R1, R7).mov64(R2, R9);
        if (extra != 0) b.alu64(AluOp.ADD, R2, extra);
        b.mov64(R3, R10).alu64(AluOp.ADD, R3, BUFFER).mov64(R4, length).mov64(R5, START_NET)
                .call(Helper.SKB_LOAD_BYTES_RELATIVE).jump(JumpOp.JSLT, R0, 0, absent);
    }

    /** Whether the byte at cursor + r3 - 1 exists: all of a header of r3 bytes is there. */
    private void requireLength(Register length, Label absent) {
        b.mov64(R1, R7).mov64(R2, R9).alu64(AluOp.ADD, R2, length).alu64(AluOp.SUB, R2, 1)
                .mov64(R3, R10).alu64(AluOp.ADD, R3, BUFFER + 40).mov64(R4, 1).mov64(R5, START_NET)
                .call(Helper.SKB_LOAD_BYTES_RELATIVE).jump(JumpOp.JSLT, R0, 0, absent);
    }

    /**
     * A big-endian value of {@code bytes} at {@code offset} in the buffer, from loads aligned to their
     * size (the buffer is 8-aligned: IPv6 addresses at 8 to 32 are one load each); a value in pieces
     * uses {@code scratch}.
     */
    private void loadBig(Register dst, int offset, int bytes, Register scratch) {
        int at = offset;
        while (at < offset + bytes) {
            int piece = 8;
            while (piece > offset + bytes - at || at % piece != 0) piece /= 2;
            Register into = at == offset ? dst : scratch;
            b.load(piece == 1 ? Size.B : piece == 2 ? Size.H : piece == 4 ? Size.W : Size.DW, into, R10, BUFFER + at);
            if (piece > 1) b.add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 8 * piece, into));
            if (at != offset) b.alu64(AluOp.LSH, dst, 8 * piece).alu64(AluOp.OR, dst, scratch);
            at += piece;
        }
    }

    private void loadBig(Register dst, int offset, int bytes) {
        loadBig(dst, offset, bytes, dst == R2 ? R3 : R2);
    }

    private void field(PacketField field, int offset, int bytes) {
        if (!p.needs(field)) return;
        loadBig(R1, offset, bytes);
        p.store(field, R1);
    }

    /** {@code field} = ({@code value} >> {@code shift}) & {@code mask}, from a register other than r1 that the caller keeps. */
    private void bits(PacketField field, Register value, int shift, int mask) {
        if (!p.needs(field)) return;
        b.mov64(R1, value);
        if (shift > 0) b.alu64(AluOp.RSH, R1, shift);
        b.alu64(AluOp.AND, R1, mask);
        p.store(field, R1);
    }

    /** Marks the test {@code test} present when {@code value & mask} is not zero (uses r1). */
    private void flag(PacketField test, Register value, int mask) {
        if (!p.needs(test)) return;
        Label clear = b.newLabel();
        b.mov64(R1, value).alu64(AluOp.AND, R1, mask).jump(JumpOp.JEQ, R1, 0, clear);
        p.present(test);
        b.bind(clear);
    }

    /** The header's value fields the program uses, from the copy in the buffer. */
    private void fields(HeaderLayout.Header header) {
        for (HeaderLayout.FieldAt f : header.fields()) field(f.field(), f.offset(), f.bytes());
    }

    private void network() {
        Label ipv4 = b.newLabel();
        Label ipv6 = b.newLabel();
        if (p.needsIpv4()) b.jump(JumpOp.JEQ, R8, HeaderLayout.ETH_IPV4, ipv4);
        if (p.needsIpv6()) b.jump(JumpOp.JEQ, R8, HeaderLayout.ETH_IPV6, ipv6);
        if (p.needsArp()) {
            b.jump(JumpOp.JNE, R8, HeaderLayout.ETH_ARP, done);
            if (p.needs(HeaderLayout.ARP.valueFields())) copy(0, HeaderLayout.ARP.length(), done);
            else copy(HeaderLayout.ARP.length() - 1, 1, done);
            p.present(PacketField.ARP);
            networkStart();
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
        copy(0, HeaderLayout.IPV4.length(), done);
        b.load(Size.B, R3, R10, BUFFER).alu64(AluOp.AND, R3, 0x0f).jump(JumpOp.JLT, R3, 5, done).alu64(AluOp.LSH, R3, 2)
                .store(Size.DW, R10, FRAGMENT, R3); // IHL x 4, kept across the next helper call
        requireLength(R3, done);
        p.present(PacketField.IP);
        networkStart();
        fields(HeaderLayout.IPV4);
        if (p.needs(PacketField.IP_IHL)) {
            b.load(Size.DW, R2, R10, FRAGMENT);
            bits(PacketField.IP_IHL, R2, 2, 0x0f);
        }
        if (p.needs(PacketField.IP_DF, PacketField.IP_MF, PacketField.IP_FRAGOFF, PacketField.FRAG)) {
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
        loadBig(R8, HeaderLayout.IPV4_PROTOCOL, 1);
        p.store(PacketField.IP_PROTO, R8);
        if (!p.needsTransport(false)) {
            b.goTo(done);
            return;
        }
        b.load(Size.DW, R3, R10, FRAGMENT).alu64(AluOp.ADD, R9, R3);
        loadBig(R1, HeaderLayout.IPV4_FRAGMENT, 2);
        b.alu64(AluOp.AND, R1, 0x1fff).store(Size.DW, R10, FRAGMENT, R1);
        transport(false);
    }

    private void ipv6() {
        copy(0, HeaderLayout.IPV6.length(), done);
        p.present(PacketField.IP6);
        networkStart();
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
        loadBig(R8, 6, 1);
        b.store(Size.DW, R10, FRAGMENT, 0).alu64(AluOp.ADD, R9, 40);
        Label next = b.newLabel();
        Label tooMany = b.newLabel();
        for (int ext = 0; ext < 4; ext++) {
            Label isExtension = b.newLabel();
            Label fragment = b.newLabel();
            Label skipped = b.newLabel();
            b.jump(JumpOp.JEQ, R8, 0, isExtension).jump(JumpOp.JEQ, R8, 43, isExtension)
                    .jump(JumpOp.JEQ, R8, 60, isExtension).jump(JumpOp.JEQ, R8, 44, fragment).goTo(next);
            b.bind(fragment);
            copy(0, 8, done);
            p.present(PacketField.FRAG);
            loadBig(R3, 2, 2);
            b.alu64(AluOp.RSH, R3, 3).load(Size.DW, R1, R10, FRAGMENT).alu64(AluOp.OR, R1, R3).store(Size.DW, R10, FRAGMENT, R1)
                    .load(Size.B, R8, R10, BUFFER).alu64(AluOp.ADD, R9, 8).goTo(skipped);
            b.bind(isExtension);
            copy(0, 2, done);
            b.load(Size.B, R3, R10, BUFFER + 1).alu64(AluOp.ADD, R3, 1).alu64(AluOp.LSH, R3, 3)
                    .load(Size.B, R8, R10, BUFFER).store(Size.DW, R10, BUFFER + 32, R3);
            requireLength(R3, done);
            b.load(Size.DW, R3, R10, BUFFER + 32).alu64(AluOp.ADD, R9, R3);
            b.bind(skipped);
        }
        b.jump(JumpOp.JEQ, R8, 0, tooMany).jump(JumpOp.JEQ, R8, 43, tooMany)
                .jump(JumpOp.JEQ, R8, 60, tooMany).jump(JumpOp.JEQ, R8, 44, tooMany);
        b.bind(next);
        p.store(PacketField.IP6_NEXT, R8);
        if (p.needsTransport(true)) transport(true);
        else b.goTo(done);
        b.bind(tooMany);
        p.store(PacketField.IP6_NEXT, R8);
        b.goTo(done);
    }

    /** r8 = protocol, the later-fragment flag in its slot, r9 = the L4 offset. */
    private void transport(boolean v6) {
        boolean wantTcp = p.needs(PacketField.TCP, PacketField.TCP_SPORT, PacketField.TCP_DPORT, PacketField.TCP_FLAGS, PacketField.TCP_WIN,
                PacketField.PAYLOAD_START);
        boolean wantUdp = p.needs(PacketField.UDP, PacketField.UDP_SPORT, PacketField.UDP_DPORT, PacketField.UDP_LEN, PacketField.PAYLOAD_START)
                || p.needsTunnel();
        boolean wantSctp = p.needs(PacketField.SCTP, PacketField.SCTP_SPORT, PacketField.SCTP_DPORT);
        boolean wantGre = p.needs(PacketField.GRE, PacketField.GRE_PROTO);
        PacketField icmpTest = v6 ? PacketField.ICMP6 : PacketField.ICMP;
        boolean wantIcmp = v6 ? p.needs(PacketField.ICMP6, PacketField.ICMP6_TYPE, PacketField.ICMP6_CODE, PacketField.PAYLOAD_START)
                : p.needs(PacketField.ICMP, PacketField.ICMP_TYPE, PacketField.ICMP_CODE, PacketField.PAYLOAD_START);
        Label tcp = b.newLabel();
        Label udp = b.newLabel();
        Label icmp = b.newLabel();
        Label sctp = b.newLabel();
        Label gre = b.newLabel();
        if (wantTcp) b.jump(JumpOp.JEQ, R8, 6, tcp);
        if (wantUdp) b.jump(JumpOp.JEQ, R8, 17, udp);
        if (wantIcmp) b.jump(JumpOp.JEQ, R8, v6 ? 58 : 1, icmp);
        if (wantSctp) b.jump(JumpOp.JEQ, R8, 132, sctp);
        if (wantGre) b.jump(JumpOp.JEQ, R8, 47, gre);
        b.goTo(done);
        if (wantTcp) layer4(tcp, PacketField.TCP, HeaderLayout.TCP, false);
        if (wantUdp) layer4(udp, PacketField.UDP, HeaderLayout.UDP, p.needsTunnel());
        if (wantIcmp) layer4(icmp, icmpTest, v6 ? HeaderLayout.ICMP6 : HeaderLayout.ICMP, false);
        if (wantSctp) layer4(sctp, PacketField.SCTP, HeaderLayout.SCTP, false);
        if (wantGre) gre(gre);
    }

    /**
     * An L4 header: its test, then (not on later fragments, and when all of it is there) its value
     * fields, where it and its payload start, and the tunnels after UDP.
     */
    private void layer4(Label at, PacketField test, HeaderLayout.Header header, boolean tunnels) {
        b.bind(at);
        p.present(test);
        if (!p.needs(header.valueFields()) && !tunnels && !p.needs(PacketField.TRANSPORT_START, PacketField.PAYLOAD_START)) {
            b.goTo(done);
            return;
        }
        b.load(Size.DW, R1, R10, FRAGMENT).jump(JumpOp.JNE, R1, 0, done);
        copy(0, header.length(), done);
        fields(header);
        headerStart(PacketField.TRANSPORT_START, 0);
        if (test == PacketField.TCP) tcpPayload();
        else if (test != PacketField.SCTP) headerStart(PacketField.PAYLOAD_START, HeaderLayout.PAYLOAD_AFTER);
        if (tunnels) tunnels();
        b.goTo(done);
    }

    /** GRE's protocol once its 4 bytes and the optional fields its C, K and S flags announce are there, not on later fragments. */
    private void gre(Label at) {
        b.bind(at);
        p.present(PacketField.GRE);
        if (!p.needs(PacketField.GRE_PROTO)) {
            b.goTo(done);
            return;
        }
        b.load(Size.DW, R1, R10, FRAGMENT).jump(JumpOp.JNE, R1, 0, done);
        copy(0, 4, done);
        // r3 = 4 plus 4 for each of the checksum (C), key (K) and sequence number (S) flags of byte 0.
        b.load(Size.B, R2, R10, BUFFER).mov64(R3, 4);
        for (int optional : HeaderLayout.GRE_OPTIONAL_WORDS) {
            Label absent = b.newLabel();
            b.mov64(R1, R2).alu64(AluOp.AND, R1, optional).jump(JumpOp.JEQ, R1, 0, absent).alu64(AluOp.ADD, R3, 4);
            b.bind(absent);
        }
        requireLength(R3, done);
        field(PacketField.GRE_PROTO, 2, 2);
        b.goTo(done);
    }

    /**
     * After a whole UDP header, its copy still in the buffer: VXLAN on destination port 4789 (8 more
     * bytes), Geneve on 6081 (8 more plus its options, byte 0's low 6 bits in 4-byte words).
     */
    private void tunnels() {
        Label geneve = b.newLabel();
        loadBig(R8, 2, 2);
        if (p.needs(PacketField.VXLAN_VNI)) {
            b.jump(JumpOp.JNE, R8, HeaderLayout.VXLAN_PORT, geneve);
            copy(0, HeaderLayout.TUNNEL_END, done);
            vni(PacketField.VXLAN_VNI);
            b.goTo(done);
        }
        b.bind(geneve);
        if (p.needs(PacketField.GENEVE_VNI)) {
            b.jump(JumpOp.JNE, R8, HeaderLayout.GENEVE_PORT, done);
            copy(0, HeaderLayout.TUNNEL_END, done);
            b.load(Size.B, R3, R10, BUFFER + 8).alu64(AluOp.AND, R3, 0x3f).alu64(AluOp.LSH, R3, 2)
                    .alu64(AluOp.ADD, R3, HeaderLayout.TUNNEL_END);
            requireLength(R3, done);
            vni(PacketField.GENEVE_VNI);
        }
    }

    /** The network header starts where the helper counts from, when raw bytes read from it. */
    private void networkStart() {
        if (!p.needs(PacketField.NETWORK_START)) return;
        Register dst = p.target(PacketField.NETWORK_START, R1);
        b.mov64(dst, 0);
        p.store(PacketField.NETWORK_START, dst);
    }

    /** {@code start} = the cursor (the network header's offset of the header just copied) + {@code extra}, when raw bytes read from it. */
    private void headerStart(PacketField start, int extra) {
        if (!p.needs(start)) return;
        Register dst = p.target(start, R1);
        b.mov64(dst, R9);
        if (extra != 0) b.alu64(AluOp.ADD, dst, extra);
        p.store(start, dst);
    }

    /** Where TCP's payload starts, by the data offset in the copied header (byte 12's high nibble, in 4-byte words); none below 5. */
    private void tcpPayload() {
        if (!p.needs(PacketField.PAYLOAD_START)) return;
        Label none = b.newLabel();
        b.load(Size.B, R3, R10, BUFFER + HeaderLayout.TCP_DATA_OFFSET).alu64(AluOp.RSH, R3, 4).jump(JumpOp.JLT, R3, 5, none).alu64(AluOp.LSH, R3, 2);
        Register dst = p.target(PacketField.PAYLOAD_START, R1);
        b.mov64(dst, R9).alu64(AluOp.ADD, dst, R3);
        p.store(PacketField.PAYLOAD_START, dst);
        b.bind(none);
    }

    /** A 24-bit network identifier in bytes 4-6 of the tunnel header after the UDP header. */
    private void vni(PacketField field) {
        loadBig(R1, HeaderLayout.VNI_AFTER_UDP, 4);
        b.alu64(AluOp.RSH, R1, 8);
        p.store(field, R1);
    }
}
