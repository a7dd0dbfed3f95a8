package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.codegen.ParseSteps.networkOrder16;
import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Size;

/**
 * The direct parse's network layer: from the EtherType in r2 and the cursor r9 at the network
 * header, ARP, IPv4 (its options by IHL, its flags and fragment offset) and IPv6 (its extension
 * headers in a bounded loop), up to the transport header ({@link TransportParse}) with r4 = the
 * protocol and r5 != 0 on a later fragment (behind IPv6 without extension headers r5 is not set:
 * the protocols' code is entered after its later-fragment test; behind extension headers it is read
 * from {@link ParsedFields#FRAGMENT_SLOT}).
 */
final class NetworkParse {
    private static final int ETH_IPV4 = HeaderLayout.ETH_IPV4;
    private static final int ETH_IPV6 = HeaderLayout.ETH_IPV6;
    private static final int ETH_ARP = HeaderLayout.ETH_ARP;
    private static final int MAX_IPV6_EXTENSIONS = 4;

    private final ParseSteps s;
    private final ParsedFields p;
    private final CodeBuilder b;
    private final Label done;
    private final TransportParse transport;

    NetworkParse(ParseSteps steps) {
        this.s = steps;
        this.p = steps.p;
        this.b = steps.b;
        this.done = steps.done;
        this.transport = new TransportParse(steps);
    }

    /** Where {@link #parse} put each network protocol's code, for {@link #dispatchAgain}. */
    private Label ipv4;
    private Label ipv6;
    private Label notIp;

    /** r2 = EtherType (network order), r9 = the network header. */
    void parse() {
        parse(() -> {});
    }

    /**
     * As {@link #parse()}, IPv4 on the straight path and IPv6 one jump away; {@code otherTypes}
     * emits the tests of other EtherTypes that lead elsewhere (VLAN tags), off the straight path.
     */
    void parse(Runnable otherTypes) {
        if (!p.needsNetwork()) {
            otherTypes.run();
            b.goTo(done);
            return;
        }
        ipv4 = b.newLabel("ipv4");
        ipv6 = b.newLabel("ipv6");
        notIp = b.newLabel("not_ip");
        Label other = b.newLabel("ethertype_other");
        boolean v4 = p.needsIpv4();
        boolean v6 = p.needsIpv6();
        if (v4 && v6) b.jump(JumpOp.JEQ, R2, networkOrder16(ETH_IPV6), ipv6);
        if (v4) b.jump(JumpOp.JNE, R2, networkOrder16(ETH_IPV4), other);
        else if (v6) b.jump(JumpOp.JNE, R2, networkOrder16(ETH_IPV6), other);
        else b.goTo(other);
        if (v4) {
            b.bind(ipv4);
            ipv4();
        }
        if (v6) {
            b.bind(ipv6);
            ipv6();
        }
        s.offPath(() -> {
            b.bind(other);
            // An IP version no rule reads the header of ends the parse here, before the VLAN tags' three tests.
            if (!v4) b.jump(JumpOp.JEQ, R2, networkOrder16(ETH_IPV4), done);
            if (!v6) b.jump(JumpOp.JEQ, R2, networkOrder16(ETH_IPV6), done);
            otherTypes.run();
            b.bind(notIp);
            if (p.needsArp()) {
                b.jump(JumpOp.JNE, R2, networkOrder16(ETH_ARP), done);
                s.requireBytes(HeaderLayout.ARP.length(), done);
                p.present(PacketField.ARP);
                s.headerStart(PacketField.NETWORK_START, 0);
                s.fields(HeaderLayout.ARP);
            }
            b.goTo(done);
        });
    }

    /** Dispatches the EtherType in r2 again (after VLAN tags) to the code {@link #parse} emitted, not to its other types' tests. */
    void dispatchAgain() {
        if (!p.needsNetwork()) {
            b.goTo(done);
            return;
        }
        if (p.needsIpv6()) b.jump(JumpOp.JEQ, R2, networkOrder16(ETH_IPV6), ipv6);
        if (p.needsIpv4()) b.jump(JumpOp.JEQ, R2, networkOrder16(ETH_IPV4), ipv4);
        b.goTo(notIp);
    }

    private void ipv4() {
        s.requireBytes(HeaderLayout.IPV4.length(), done);
        b.load(Size.B, R3, R9, 0).alu64(AluOp.AND, R3, 0x0f).jump(JumpOp.JLT, R3, 5, done)
                .alu64(AluOp.LSH, R3, 2)
                .mov64(R1, R9).alu64(AluOp.ADD, R1, R3).jump(JumpOp.JGT, R1, R8, done);
        p.present(PacketField.IP);
        s.headerStart(PacketField.NETWORK_START, 0);
        s.fields(HeaderLayout.IPV4);
        s.bits(PacketField.IP_IHL, R3, 2, 0x0f);
        if (p.needs(PacketField.IP_DF, PacketField.IP_MF, PacketField.IP_FRAGOFF, PacketField.FRAG)) {
            // r2 = flags and fragment offset (the EtherType in r2 is no longer needed).
            s.loadBig(R2, HeaderLayout.IPV4_FRAGMENT, 2);
            s.flag(PacketField.IP_DF, R2, 0x4000);
            s.flag(PacketField.IP_MF, R2, 0x2000);
            s.flag(PacketField.FRAG, R2, 0x3fff);
            s.bits(PacketField.IP_FRAGOFF, R2, 0, 0x1fff);
        }
        if (!p.needs(PacketField.IP_PROTO) && !p.needsTransport(false)) {
            b.goTo(done);
            return;
        }
        if (!p.needsTransport(false)) {
            // Straight where it lives: no dispatch reads it.
            s.field(PacketField.IP_PROTO, HeaderLayout.IPV4_PROTOCOL, 1);
            b.goTo(done);
            return;
        }
        s.loadBig(R4, HeaderLayout.IPV4_PROTOCOL, 1);
        p.store(PacketField.IP_PROTO, R4);
        // r9 stays at the IP header, r3 = its length: the protocol's entry moves the cursor.
        transport.parse(false);
    }

    private void ipv6() {
        s.requireBytes(HeaderLayout.IPV6.length(), done);
        p.present(PacketField.IP6);
        s.headerStart(PacketField.NETWORK_START, 0);
        s.fields(HeaderLayout.IPV6);
        if (p.needs(PacketField.IP6_TCLASS, PacketField.IP6_FLOW)) {
            s.loadBig(R2, HeaderLayout.IPV6_FIRST_WORD, 4);
            s.bits(PacketField.IP6_TCLASS, R2, 20, 0xff);
            s.bits(PacketField.IP6_FLOW, R2, 0, 0xfffff);
        }
        for (PacketField address : new PacketField[] {PacketField.IP6_SRC, PacketField.IP6_DST}) {
            if (!p.needs(address)) continue;
            int at = address == PacketField.IP6_SRC ? 8 : 24;
            s.loadBig(R1, at, 8);
            b.store(Size.DW, R10, p.offset(address), R1);
            s.loadBig(R1, at + 8, 8);
            b.store(Size.DW, R10, p.offset(address) + 8, R1);
            p.present(address);
        }
        if (!p.needs(PacketField.IP6_NEXT, PacketField.FRAG) && !p.needsTransport(true)) {
            b.goTo(done);
            return;
        }
        s.loadBig(R4, 6, 1);
        b.alu64(AluOp.ADD, R9, 40);
        Label next = b.newLabel("ip6_next");
        Label tooMany = b.newLabel("ip6_too_many");
        Label extensions = b.newLabel("ip6_extensions");
        // The extension header types are 0, 43, 44 and 60: a protocol below 43 but 0 (TCP, UDP) is known
        // after two tests, neither taken; the other three are tested off the straight path.
        Runnable leave = () -> {
            Label plain = b.newLabel();
            Label high = b.newLabel();
            b.jump(JumpOp.JEQ, R4, 0, extensions).jump(JumpOp.JGE, R4, 43, high);
            b.bind(plain);
            s.offPath(() -> b.bind(high).jump(JumpOp.JEQ, R4, 43, extensions).jump(JumpOp.JEQ, R4, 60, extensions)
                    .jump(JumpOp.JEQ, R4, 44, extensions).goTo(plain));
        };
        if (p.needsTransport(true)) {
            // The protocols first: the common frame has no extension header and meets no test of one.
            transport.parseStraight6(leave, next);
        } else {
            leave.run();
            b.bind(next);
            p.store(PacketField.IP6_NEXT, R4);
            b.goTo(done);
        }
        // The extension headers, off the straight path: a bounded loop over up to four, r2 counting
        // them, one copy of the code, which the verifier walks once per iteration (the joined
        // cursor makes the paths inside converge).
        s.offPath(() -> {
            Label loop = b.newLabel("ip6_extension");
            Label isExtension = b.newLabel();
            Label skipped = b.newLabel();
            // The fragment slot is not 0 once a fragment header says this is a later fragment (the straight
            // path has none); the protocols' code reads it back into r5. Kept on the stack, the loop holds
            // six values at most (data, end, cursor, count, next header, one scratch): r0-r5 can hold them.
            b.bind(extensions).store(Size.DW, R10, ParsedFields.FRAGMENT_SLOT, 0).mov64(R2, 0).bind(loop);
            b.jump(JumpOp.JEQ, R4, 0, isExtension).jump(JumpOp.JEQ, R4, 43, isExtension)
                    .jump(JumpOp.JEQ, R4, 60, isExtension).jump(JumpOp.JNE, R4, 44, next);
            // A fifth extension header leaves ip6.next at its type and no L4: tested where the loop has
            // already told an extension header from the rest, not by those four tests again after it.
            b.jump(JumpOp.JEQ, R2, MAX_IPV6_EXTENSIONS, tooMany);
            s.requireBytes(8, done);
            p.present(PacketField.FRAG);
            // Only whether the offset (the top 13 bits) is zero matters: masked in network order.
            // Or-ed into the slot, not a constant stored on a branch: a known 0 or 1 there would decide the
            // protocols' test of it, which makes the verifier keep the slot's value apart in every state it
            // compares at the loop's head (f6: 694 instructions processed became 1,242).
            b.load(Size.H, R3, R9, 2).alu64(AluOp.AND, R3, networkOrder16(0xfff8))
                    .load(Size.DW, R1, R10, ParsedFields.FRAGMENT_SLOT).alu64(AluOp.OR, R1, R3)
                    .store(Size.DW, R10, ParsedFields.FRAGMENT_SLOT, R1)
                    .load(Size.B, R4, R9, 0).alu64(AluOp.ADD, R9, 8).goTo(skipped);
            b.bind(isExtension).jump(JumpOp.JEQ, R2, MAX_IPV6_EXTENSIONS, tooMany);
            s.requireBytes(2, done);
            b.load(Size.B, R3, R9, 1).alu64(AluOp.ADD, R3, 1).alu64(AluOp.LSH, R3, 3)
                    .mov64(R1, R9).alu64(AluOp.ADD, R1, R3).jump(JumpOp.JGT, R1, R8, done)
                    .load(Size.B, R4, R9, 0).mov64(R9, R1);
            b.bind(skipped);
            s.joinCursor(0x3fff);
            b.alu64(AluOp.ADD, R2, 1).goTo(loop);
            b.bind(tooMany);
            p.store(PacketField.IP6_NEXT, R4);
            b.goTo(done);
        });
    }
}
