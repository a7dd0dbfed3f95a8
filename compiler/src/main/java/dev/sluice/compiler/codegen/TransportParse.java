package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * The direct parse's transport layer, from r4 = the protocol and, behind IPv6, r5 != 0 on a later
 * fragment and the cursor r9 at the L4 header (behind IPv4 each protocol's entry sets them): TCP, UDP (and the VXLAN or Geneve header after it), ICMP or ICMPv6,
 * SCTP and GRE. TCP and UDP are parsed by one copy of their code, whichever IP version leads there.
 */
final class TransportParse {
    private final ParseSteps s;
    private final ParsedFields p;
    private final CodeBuilder b;
    private final Label done;
    private Label tcpBody;
    private Label udpBody;
    /** Where TCP's and UDP's code goes on after the later-fragment test (entered there where r5 is known zero). */
    private Label tcpWhole;
    private Label udpWhole;

    TransportParse(ParseSteps steps) {
        this.s = steps;
        this.p = steps.p;
        this.b = steps.b;
        this.done = steps.done;
    }

    /**
     * The transport dispatch on r4. Behind IPv6 the cursor r9 is at the L4 header and r5 set;
     * behind IPv4 (r9 at the IP header, r3 = its length) each protocol's entry loads the fragment
     * offset and moves the cursor only once the protocol matched, and only when its code reads them.
     */
    void parse(boolean v6) {
        parse(v6, null, null);
    }

    /**
     * Behind IPv6 straight after its fixed header (r9 at the next header, r4 its type, r5 not set):
     * each protocol's code entered after its later-fragment test, as no fragment header came; then
     * {@code extensions} (the tests that leave for the extension headers) and the parse's end. At
     * {@code next}, where the extension headers' walk ends (r5 set), the dispatch of {@link #parse}.
     */
    void parseStraight6(Runnable extensions, Label next) {
        parse(true, extensions, next);
    }

    private void parse(boolean v6, Runnable extensions, Label next) {
        boolean firstTcp = tcpBody == null;
        boolean firstUdp = udpBody == null;
        if (firstTcp) {
            tcpBody = b.newLabel("tcp");
            tcpWhole = b.newLabel("tcp_whole");
        }
        if (firstUdp) {
            udpBody = b.newLabel("udp");
            udpWhole = b.newLabel("udp_whole");
        }
        Label tcp = tcpBody;
        Label udp = udpBody;
        Label icmp = b.newLabel();
        Label icmpWhole = b.newLabel();
        Label sctp = b.newLabel("sctp");
        Label sctpWhole = b.newLabel();
        Label gre = b.newLabel("gre");
        Label greWhole = b.newLabel();
        int icmpProtocol = v6 ? 58 : 1;
        PacketField icmpTest = v6 ? PacketField.ICMP6 : PacketField.ICMP;
        HeaderLayout.Header icmpHeader = v6 ? HeaderLayout.ICMP6 : HeaderLayout.ICMP;
        boolean wantTcp = p.needs(PacketField.TCP, PacketField.TCP_SPORT, PacketField.TCP_DPORT, PacketField.TCP_FLAGS, PacketField.TCP_WIN,
                PacketField.PAYLOAD_START);
        boolean udpTunnels = p.needsTunnel() || p.carriesInner();
        boolean wantUdp = p.needs(PacketField.UDP, PacketField.UDP_SPORT, PacketField.UDP_DPORT, PacketField.UDP_LEN, PacketField.PAYLOAD_START)
                || udpTunnels;
        boolean wantSctp = p.needs(PacketField.SCTP, PacketField.SCTP_SPORT, PacketField.SCTP_DPORT);
        boolean wantGre = p.needs(PacketField.GRE, PacketField.GRE_PROTO) || p.carriesInner();
        boolean wantIcmp = v6 ? p.needs(PacketField.ICMP6, PacketField.ICMP6_TYPE, PacketField.ICMP6_CODE, PacketField.PAYLOAD_START)
                : p.needs(PacketField.ICMP, PacketField.ICMP_TYPE, PacketField.ICMP_CODE, PacketField.PAYLOAD_START);
        List<Entry> entries = new ArrayList<>();
        if (wantTcp) entries.add(new Entry(6, PacketField.TCP, tcp, tcpWhole, readsHeader(HeaderLayout.TCP, false)));
        if (wantUdp) entries.add(new Entry(17, PacketField.UDP, udp, udpWhole, readsHeader(HeaderLayout.UDP, udpTunnels)));
        if (wantIcmp) entries.add(new Entry(icmpProtocol, icmpTest, icmp, icmpWhole, readsHeader(icmpHeader, false)));
        if (wantSctp) entries.add(new Entry(132, PacketField.SCTP, sctp, sctpWhole, readsHeader(HeaderLayout.SCTP, false)));
        if (wantGre) entries.add(new Entry(47, PacketField.GRE, gre, greWhole, readsGre()));
        if (extensions != null) {
            // The common IPv6 frame: no extension header, so no later fragment and no r5 to test.
            // ip6.next is the header type after the extension headers: stored once none can follow.
            for (Entry e : entries) {
                Label skip = b.newLabel();
                b.jump(JumpOp.JNE, R4, e.protocol(), skip);
                p.store(PacketField.IP6_NEXT, R4);
                p.present(e.test());
                // The protocol matched: its parse is the straight path, the other tests are the jump's.
                b.goToStraight(e.whole());
                b.bind(skip);
            }
            extensions.run();
            p.store(PacketField.IP6_NEXT, R4);
            b.goTo(done);
            b.bind(next);
            p.resetIpv4Sentinel();
            p.store(PacketField.IP6_NEXT, R4);
            // The extension headers' loop left whether this is a later fragment on the stack.
            if (entries.stream().anyMatch(Entry::readsHeader)) b.load(Size.DW, R5, R10, ParsedFields.FRAGMENT_SLOT);
        }
        if (v6) {
            for (Entry e : entries) b.jump(JumpOp.JEQ, R4, e.protocol(), e.body());
            b.goTo(done);
        } else {
            ipv4Entries(entries);
        }
        if (wantTcp && firstTcp) layer4(tcp, tcpWhole, PacketField.TCP, HeaderLayout.TCP, false);
        if (wantUdp && firstUdp) layer4(udp, udpWhole, PacketField.UDP, HeaderLayout.UDP, udpTunnels);
        if (wantIcmp) layer4(icmp, icmpWhole, icmpTest, icmpHeader, false);
        if (wantSctp) layer4(sctp, sctpWhole, PacketField.SCTP, HeaderLayout.SCTP, false);
        if (wantGre) gre(gre, greWhole);
    }

    /**
     * A protocol the dispatch leads to: its number and test, its code, where that code goes on after
     * its test's presence and the later-fragment test, and whether it reads the header (r5 and the cursor).
     */
    private record Entry(int protocol, PacketField test, Label body, Label whole, boolean readsHeader) {}

    /**
     * Behind IPv4, each protocol tested in turn, the last one's failure ending the parse: a frame of
     * another protocol, or a protocol test alone, never loads the fragment offset.
     */
    private void ipv4Entries(List<Entry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Label next = i == entries.size() - 1 ? done : b.newLabel();
            b.jump(JumpOp.JNE, R4, e.protocol(), next);
            if (e.readsHeader()) {
                // Only whether the fragment offset (the low 13 bits) is zero matters: masked in network order.
                b.load(Size.H, R5, R9, HeaderLayout.IPV4_FRAGMENT).alu64(AluOp.AND, R5, ParseSteps.networkOrder16(0x1fff));
                // r3 holds IHL x 4, bounded by 60: the cursor moves to the L4 header.
                b.alu64(AluOp.ADD, R9, R3);
            }
            b.goTo(e.body());
            if (next != done) b.bind(next);
        }
        if (entries.isEmpty()) b.goTo(done);
    }

    /** Whether an L4 header's code reads past its protocol test: its value fields, where it starts, or a tunnel after it. */
    private boolean readsHeader(HeaderLayout.Header header, boolean tunnels) {
        return p.needs(header.valueFields()) || tunnels || p.needs(PacketField.TRANSPORT_START, PacketField.PAYLOAD_START);
    }

    private boolean readsGre() {
        return p.needs(PacketField.GRE_PROTO) || p.carriesInner();
    }

    /** GRE: its test, then (not on later fragments) its protocol once the 4 bytes and the optional fields the flags announce are there. */
    private void gre(Label at, Label whole) {
        b.bind(at);
        p.present(PacketField.GRE);
        if (!readsGre()) {
            b.bind(whole);
            b.goTo(done);
            return;
        }
        b.jump(JumpOp.JNE, R5, 0, done);
        b.bind(whole);
        s.requireBytes(4, done);
        // r2 = 4 plus 4 for each of the checksum (C), key (K) and sequence number (S) flags of byte 0.
        b.load(Size.B, R3, R9, 0).mov64(R2, 4);
        for (int optional : HeaderLayout.GRE_OPTIONAL_WORDS) {
            Label absent = b.newLabel();
            b.mov64(R1, R3).alu64(AluOp.AND, R1, optional).jump(JumpOp.JEQ, R1, 0, absent).alu64(AluOp.ADD, R2, 4);
            b.bind(absent);
        }
        b.mov64(R1, R9).alu64(AluOp.ADD, R1, R2).jump(JumpOp.JGT, R1, R8, done);
        s.field(PacketField.GRE_PROTO, 2, 2);
        if (p.carriesInner()) {
            // Transparent Ethernet bridging carries a frame; IPv4 and IPv6 a network packet, the protocol its EtherType.
            ParseSteps.InnerEntries inner = s.innerEntries();
            b.load(Size.H, R3, R9, 2).alu64(AluOp.ADD, R9, R2).mov64(R2, R3);
            b.jump(JumpOp.JEQ, R2, ParseSteps.networkOrder16(0x6558), inner.frame())
                    .jump(JumpOp.JEQ, R2, ParseSteps.networkOrder16(HeaderLayout.ETH_IPV4), inner.network())
                    .jump(JumpOp.JEQ, R2, ParseSteps.networkOrder16(HeaderLayout.ETH_IPV6), inner.network());
        }
        b.goTo(done);
    }

    /**
     * After a whole UDP header (r9 still at it): VXLAN on destination port 4789 (8 bytes), Geneve on
     * 6081 (8 bytes plus its options, whose length is byte 0's low 6 bits in 4-byte words).
     */
    private void tunnels() {
        Label geneve = b.newLabel("geneve");
        boolean inner = p.carriesInner();
        s.loadBig(R3, 2, 2);
        if (p.needs(PacketField.VXLAN_VNI) || inner) {
            b.jump(JumpOp.JNE, R3, HeaderLayout.VXLAN_PORT, geneve);
            s.requireBytes(HeaderLayout.TUNNEL_END, done);
            if (p.needs(PacketField.VXLAN_VNI)) vni(PacketField.VXLAN_VNI);
            if (inner) b.alu64(AluOp.ADD, R9, HeaderLayout.TUNNEL_END).goTo(s.innerEntries().frame());
            else b.goTo(done);
        }
        b.bind(geneve);
        if (p.needs(PacketField.GENEVE_VNI) || inner) {
            b.jump(JumpOp.JNE, R3, HeaderLayout.GENEVE_PORT, done);
            s.requireBytes(HeaderLayout.TUNNEL_END, done);
            b.load(Size.B, R2, R9, 8).alu64(AluOp.AND, R2, 0x3f).alu64(AluOp.LSH, R2, 2)
                    .mov64(R1, R9).alu64(AluOp.ADD, R1, R2).alu64(AluOp.ADD, R1, HeaderLayout.TUNNEL_END).jump(JumpOp.JGT, R1, R8, done);
            if (p.needs(PacketField.GENEVE_VNI)) vni(PacketField.GENEVE_VNI);
            // The options are skipped (r2 = their length): the frame follows them.
            if (inner) b.alu64(AluOp.ADD, R9, R2).alu64(AluOp.ADD, R9, HeaderLayout.TUNNEL_END).goTo(s.innerEntries().frame());
        }
        b.goTo(done);
    }

    /** A 24-bit network identifier in bytes 4-6 of the tunnel header after the UDP header. */
    private void vni(PacketField field) {
        Register dst = p.target(field, R1);
        s.loadBig(dst, HeaderLayout.VNI_AFTER_UDP, 4);
        b.alu64(AluOp.RSH, dst, 8);
        p.store(field, dst);
    }

    /** Where TCP's payload starts, by the data offset (byte 12's high nibble, in 4-byte words); none below 5. */
    private void tcpPayload() {
        if (!p.needs(PacketField.PAYLOAD_START)) return;
        Label none = b.newLabel();
        b.load(Size.B, R3, R9, HeaderLayout.TCP_DATA_OFFSET).alu64(AluOp.RSH, R3, 4).jump(JumpOp.JLT, R3, 5, none).alu64(AluOp.LSH, R3, 2);
        Register dst = p.target(PacketField.PAYLOAD_START, R1);
        b.mov64(dst, R9).alu64(AluOp.SUB, dst, R7).alu64(AluOp.ADD, dst, R3);
        p.store(PacketField.PAYLOAD_START, dst);
        b.bind(none);
    }

    /** An L4 header: its test, then (not on later fragments, and when all of it is there) its value fields. */
    private void layer4(Label at, Label whole, PacketField test, HeaderLayout.Header header, boolean tunnels) {
        b.bind(at);
        p.present(test);
        if (!readsHeader(header, tunnels)) {
            b.bind(whole);
            b.goTo(done);
            return;
        }
        b.jump(JumpOp.JNE, R5, 0, done);
        b.bind(whole);
        s.requireBytes(header.length(), done);
        s.fields(header);
        s.headerStart(PacketField.TRANSPORT_START, 0);
        if (test == PacketField.TCP) tcpPayload();
        else if (test != PacketField.SCTP) s.headerStart(PacketField.PAYLOAD_START, HeaderLayout.PAYLOAD_AFTER);
        if (tunnels) tunnels();
        else b.goTo(done);
    }
}
