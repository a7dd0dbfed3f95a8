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
 * the later-fragment flag in a stack slot.
 */
final class SocketParser {
    private static final int SKB_PROTOCOL = 16;
    private static final int SKB_LEN = 0;
    private static final int START_NET = 1;
    /** 40 bytes of scratch for a copied header, below the parsed packet (keys are built only later). */
    private static final int BUFFER = ParsedFields.STACK_BASE - 48;
    private static final int FRAGMENT = ParsedFields.STACK_BASE - 56;

    private final ParsedFields p;
    private final CodeBuilder b;
    private final Label done;

    SocketParser(ParsedFields parser) {
        this.p = parser;
        this.b = parser.builder();
        this.done = parser.doneLabel();
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

    private void loadBig(Register dst, int offset, int bytes) {
        switch (bytes) {
            case 1:
                b.load(Size.B, dst, R10, BUFFER + offset);
                break;
            case 2:
                b.load(Size.H, dst, R10, BUFFER + offset).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 16, dst));
                break;
            case 4:
                b.load(Size.W, dst, R10, BUFFER + offset).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 32, dst));
                break;
            default:
                // The buffer is 8-aligned and IPv6 addresses sit at 8, 16, 24, 32 within it.
                b.load(Size.DW, dst, R10, BUFFER + offset).add(new Instruction.ByteSwap(Instruction.ByteSwap.ByteOrder.TO_BE, 64, dst));
        }
    }

    private void field(PacketField field, int offset, int bytes) {
        if (!p.needs(field)) return;
        loadBig(R1, offset, bytes);
        p.store(field, R1);
    }

    /** The header's value fields the program uses, from the copy in the buffer. */
    private void fields(HeaderLayout.Header header) {
        for (HeaderLayout.FieldAt f : header.fields()) field(f.field(), f.offset(), f.bytes());
    }

    private void network() {
        Label ipv4 = b.newLabel();
        Label ipv6 = b.newLabel();
        if (p.needsIpv4()) b.jump(JumpOp.JEQ, R8, 0x0800, ipv4);
        if (p.needsIpv6()) b.jump(JumpOp.JEQ, R8, 0x86dd, ipv6);
        if (p.needs(PacketField.ARP)) {
            b.jump(JumpOp.JNE, R8, 0x0806, done);
            copy(27, 1, done);
            p.present(PacketField.ARP);
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
        fields(HeaderLayout.IPV4);
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
        fields(HeaderLayout.IPV6);
        for (PacketField address : new PacketField[] {PacketField.IP6_SRC, PacketField.IP6_DST}) {
            if (!p.needs(address)) continue;
            int at = address == PacketField.IP6_SRC ? 8 : 24;
            loadBig(R1, at, 8);
            b.store(Size.DW, R10, ParsedFields.offsetOf(address), R1);
            loadBig(R1, at + 8, 8);
            b.store(Size.DW, R10, ParsedFields.offsetOf(address) + 8, R1);
            p.present(address);
        }
        if (!p.needs(PacketField.IP6_NEXT) && !p.needsTransport(true)) {
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
        boolean wantTcp = p.needs(PacketField.TCP, PacketField.TCP_SPORT, PacketField.TCP_DPORT, PacketField.TCP_FLAGS, PacketField.TCP_WIN);
        boolean wantUdp = p.needs(PacketField.UDP, PacketField.UDP_SPORT, PacketField.UDP_DPORT, PacketField.UDP_LEN);
        PacketField icmpTest = v6 ? PacketField.ICMP6 : PacketField.ICMP;
        boolean wantIcmp = v6 ? p.needs(PacketField.ICMP6, PacketField.ICMP6_TYPE, PacketField.ICMP6_CODE)
                : p.needs(PacketField.ICMP, PacketField.ICMP_TYPE, PacketField.ICMP_CODE);
        Label tcp = b.newLabel();
        Label udp = b.newLabel();
        Label icmp = b.newLabel();
        if (wantTcp) b.jump(JumpOp.JEQ, R8, 6, tcp);
        if (wantUdp) b.jump(JumpOp.JEQ, R8, 17, udp);
        if (wantIcmp) b.jump(JumpOp.JEQ, R8, v6 ? 58 : 1, icmp);
        b.goTo(done);
        if (wantTcp) {
            b.bind(tcp);
            p.present(PacketField.TCP);
            layer4(HeaderLayout.TCP);
        }
        if (wantUdp) {
            b.bind(udp);
            p.present(PacketField.UDP);
            layer4(HeaderLayout.UDP);
        }
        if (wantIcmp) {
            b.bind(icmp);
            p.present(icmpTest);
            layer4(v6 ? HeaderLayout.ICMP6 : HeaderLayout.ICMP);
        }
    }

    private void layer4(HeaderLayout.Header header) {
        if (!p.needs(header.valueFields())) {
            b.goTo(done);
            return;
        }
        b.load(Size.DW, R1, R10, FRAGMENT).jump(JumpOp.JNE, R1, 0, done);
        copy(0, header.length(), done);
        fields(header);
        b.goTo(done);
    }
}
