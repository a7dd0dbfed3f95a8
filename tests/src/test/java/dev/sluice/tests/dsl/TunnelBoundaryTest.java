package dev.sluice.tests.dsl;

import static dev.sluice.tests.dsl.BoundaryFrames.MACS;
import static dev.sluice.tests.dsl.BoundaryFrames.TCP_22;
import static dev.sluice.tests.dsl.BoundaryFrames.UDP_53;
import static dev.sluice.tests.dsl.BoundaryFrames.V4_TCP;
import static dev.sluice.tests.dsl.BoundaryFrames.cut;
import static dev.sluice.tests.dsl.BoundaryFrames.hex;
import static dev.sluice.tests.dsl.BoundaryFrames.ipv6;
import static dev.sluice.tests.dsl.LaterFieldsBoundaryTest.ipv4;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.testing.KernelTest;
import dev.sluice.tests.dsl.LaterFieldsBoundaryTest.Case;
import dev.sluice.tests.reference.ParsedPacket;
import dev.sluice.tests.reference.ReferenceParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/LANGUAGE-RAW-BYTES.md's "Tunnels" at the inner packet's header boundaries, written by hand: VXLAN,
 * Geneve with an option, GRE with a key carrying a frame, GRE carrying IPv4 and IPv6 without an
 * Ethernet header, tags and ARP inside, an inner later fragment, a tunnel in an outer later fragment,
 * a tunnel inside the tunnel (not followed) and no tunnel at all; each frame whole and cut at every
 * inner header boundary and one byte before it. Each test alone (the parser then reads only its
 * header) and all at once, in the reference, the interpreter and the kernel (XDP).
 */
class TunnelBoundaryTest {
    static final List<String> TOKENS = List.of("inner.eth", "inner.eth.src", "inner.eth.type", "inner.vlan.id", "inner.vlan.inner",
            "inner.arp.op", "inner.ip", "inner.ip.src", "inner.ip.ihl", "inner.frag", "inner.ip6", "inner.ip6.next", "inner.ip6.dst",
            "inner.tcp", "inner.tcp.dport", "inner.tcp.syn", "inner.udp.dport", "inner.icmp.type", "inner.icmp6.type",
            "inner.sctp.dport", "inner.gre", "inner.gre.proto", "tcp");

    static final String ETH = "inner.eth inner.eth.src inner.eth.type";
    static final String IP = "inner.ip inner.ip.src inner.ip.ihl";
    static final String TCP = "inner.tcp inner.tcp.dport inner.tcp.syn";
    /** An Ethernet frame carrying IPv4 and TCP to port 22 with SYN: 14 + 20 + 20 bytes. */
    static final String FRAME = MACS + "0800" + V4_TCP + TCP_22;

    static Case of(String name, byte[] frame, String expected) {
        return LaterFieldsBoundaryTest.of(name, frame, expected);
    }

    /**
     * The frame {@code outer + carried}, whole and cut at each of {@code ends} (offsets into carried) and
     * one byte before; {@code none} is what is seen before the first end.
     */
    static void cuts(List<Case> out, String name, String outer, String carried, int[] ends, String none, String[] expected, String whole) {
        byte[] frame = hex(outer + carried);
        int start = hex(outer).length;
        out.add(of(name, frame, whole));
        for (int i = 0; i < ends.length; i++) {
            out.add(of(name + " cut after " + ends[i] + " inner bytes", cut(frame, start + ends[i]), expected[i]));
            out.add(of(name + " cut at " + (ends[i] - 1) + " inner bytes", cut(frame, start + ends[i] - 1), i == 0 ? none : expected[i - 1]));
        }
    }

    static final int[] FRAME_ENDS = {14, 34, 54};
    static final String[] FRAME_SEEN = {ETH, ETH + " " + IP + " inner.tcp", ETH + " " + IP + " " + TCP};

    static String udp(int dport) {
        return String.format("1388 %04x 0000 0000", dport);
    }

    static List<Case> all() {
        List<Case> out = new ArrayList<>();
        String vxlan = MACS + "0800" + ipv4(0, 17, 90) + udp(4789) + "0800 0000 00002a00";
        cuts(out, "vxlan", vxlan, FRAME, FRAME_ENDS, "", FRAME_SEEN, ETH + " " + IP + " " + TCP);
        out.add(of("vxlan header cut by one", cut(hex(vxlan), hex(vxlan).length - 1), ""));
        String geneve = MACS + "0800" + ipv4(0, 17, 94) + udp(6081) + "0100 6558 00000700" + "01020304";
        cuts(out, "geneve with an option word", geneve, FRAME, FRAME_ENDS, "", FRAME_SEEN, ETH + " " + IP + " " + TCP);
        out.add(of("geneve option cut by one", cut(hex(geneve), hex(geneve).length - 1), ""));
        String greFrame = MACS + "86dd" + ipv6(47, 62) + "2000 6558 0000002a";
        cuts(out, "gre with a key carrying a frame over ipv6", greFrame, FRAME, FRAME_ENDS, "", FRAME_SEEN, ETH + " " + IP + " " + TCP);
        out.add(of("gre key cut by one", cut(hex(greFrame), hex(greFrame).length - 1), ""));

        String greIpv4 = MACS + "0800" + ipv4(0, 47, 64) + "0000 0800";
        cuts(out, "gre carrying ipv4", greIpv4, V4_TCP + TCP_22, new int[] {20, 40}, "inner.eth.type",
                new String[] {"inner.eth.type " + IP + " inner.tcp", "inner.eth.type " + IP + " " + TCP}, "inner.eth.type " + IP + " " + TCP);
        String greIpv6 = MACS + "0800" + ipv4(0, 47, 80) + "8000 86dd 00000000";
        String v6Udp = ipv6(0, 16) + "1100 0000 0000 0000" + UDP_53;
        String v6 = "inner.eth.type inner.ip6 inner.ip6.dst";
        cuts(out, "gre with a checksum carrying ipv6, hop-by-hop, udp", greIpv6, v6Udp, new int[] {40, 48, 56}, "inner.eth.type",
                new String[] {v6, v6 + " inner.ip6.next", v6 + " inner.ip6.next inner.udp.dport"}, v6 + " inner.ip6.next inner.udp.dport");
        out.add(of("gre carrying icmp in ipv4", hex(greIpv4 + ipv4(0, 1, 24) + "0800 0000"),
                "inner.eth.type " + IP + " inner.icmp.type"));
        out.add(of("gre carrying icmpv6", hex(greIpv6 + ipv6(58, 4) + "8000 0000"), "inner.eth.type inner.ip6 inner.ip6.dst inner.ip6.next inner.icmp6.type"));
        out.add(of("gre carrying another protocol", hex(MACS + "0800" + ipv4(0, 47, 44) + "0000 0806" + FRAME), ""));

        String tagged = MACS + "8100 0005 88a8 0007 0806" + "0001 0800 0604 0001 020000000001 c6120001 000000000000 c6120002";
        String vxlan6 = MACS + "86dd" + ipv6(17, 82) + udp(4789) + "0800 0000 00002a00";
        cuts(out, "vxlan over ipv6 carrying two tags and arp", vxlan6, tagged, new int[] {14, 18, 22, 50}, "",
                new String[] {ETH, ETH + " inner.vlan.id",
                        ETH + " inner.vlan.id inner.vlan.inner", ETH + " inner.vlan.id inner.vlan.inner inner.arp.op"},
                ETH + " inner.vlan.id inner.vlan.inner inner.arp.op");

        out.add(of("vxlan carrying a later fragment", hex(vxlan + MACS + "0800" + ipv4(0x00b9, 6, 40) + TCP_22),
                ETH + " " + IP + " inner.frag inner.tcp"));
        out.add(of("vxlan carrying sctp", hex(vxlan + MACS + "0800" + ipv4(0, 132, 32) + "0b84 0f1c 00000000 00000000"),
                ETH + " " + IP + " inner.sctp.dport"));
        out.add(of("vxlan carrying gre (read, not followed)", hex(vxlan + MACS + "0800" + ipv4(0, 47, 24) + "0000 6558" + FRAME),
                ETH + " " + IP + " inner.gre inner.gre.proto"));
        out.add(of("vxlan carrying vxlan (not followed)", hex(vxlan + MACS + "0800" + ipv4(0, 17, 90) + udp(4789) + "0800 0000 00002a00" + FRAME),
                ETH + " " + IP + " inner.udp.dport"));
        out.add(of("vxlan in an outer later fragment", hex(MACS + "0800" + ipv4(0x0001, 17, 90) + udp(4789) + "0800 0000 00002a00" + FRAME), ""));
        out.add(of("gre in an outer later fragment", hex(MACS + "0800" + ipv4(0x0001, 47, 64) + "0000 0800" + V4_TCP + TCP_22), ""));
        out.add(of("no tunnel", hex(FRAME), "tcp"));
        out.add(of("udp to another port", hex(MACS + "0800" + ipv4(0, 17, 90) + udp(4790) + "0800 0000 00002a00" + FRAME), ""));
        return out;
    }

    static String condition(String token) {
        // An address compared both ways: true exactly when it is present, whatever it is.
        if (token.equals("inner.ip.src")) return "(inner.ip.src == 1.2.3.4 or inner.ip.src != 1.2.3.4)";
        if (token.equals("inner.eth.src")) return "(inner.eth.src == 02:00:00:00:00:09 or inner.eth.src != 02:00:00:00:00:09)";
        if (token.equals("inner.ip6.dst")) return "(inner.ip6.dst == ::1 or inner.ip6.dst != ::1)";
        boolean test = !token.contains(".") || token.equals("inner.tcp.syn") || token.equals("inner.frag")
                || token.chars().filter(c -> c == '.').count() == 1;
        return test ? token : token + " >= 0";
    }

    static String counter(String token) {
        return "saw_" + token.replace('.', '_');
    }

    static String everything() {
        StringBuilder s = new StringBuilder("xdp everything {\n");
        for (String t : TOKENS) s.append("  when ").append(condition(t)).append(" { count ").append(counter(t)).append(" }\n");
        return s.append("}\n").toString();
    }

    static Set<String> expected(Case c) {
        return new TreeSet<>(c.expected());
    }

    static void assertEveryCase(java.util.function.Function<Case, Set<String>> reading, boolean kernel) {
        List<String> wrong = new ArrayList<>();
        for (Case c : all()) {
            if (kernel && c.frame().length < 14) continue;
            Set<String> got = new TreeSet<>(reading.apply(c));
            if (!got.equals(expected(c))) wrong.add(c + ": expected " + expected(c) + " got " + got);
        }
        assertEquals(List.of(), wrong);
    }

    static Set<String> reference(ParsedPacket p) {
        Set<String> out = new TreeSet<>();
        for (String t : TOKENS) {
            String flagless = t.equals("inner.tcp.syn") ? "inner.tcp.flags" : t;
            if (p.is(t) || p.integer(flagless).filter(v -> !t.equals("inner.tcp.syn") || (v & 2) != 0).isPresent()
                    || p.address(t).isPresent()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Random frames (tunnels carrying random frames and packets, cut anywhere): the reference and the interpreter agree on every token. */
    @net.jqwik.api.Property(tries = 15)
    void randomTunnelsAgreeInTheInterpreter(@net.jqwik.api.ForAll("frames") List<byte[]> frames) {
        var interpreter = Scripted.compile(everything()).get(0).interpreter();
        for (byte[] frame : frames) {
            java.util.Map<String, Long> before = PacketBoundaryTest.byName(interpreter.counters());
            interpreter.run(frame);
            assertEquals(reference(ReferenceParser.parseFrame(frame)), seen(before, PacketBoundaryTest.byName(interpreter.counters())),
                    () -> java.util.HexFormat.of().formatHex(frame));
        }
    }

    /** As above in the kernel (BPF_PROG_TEST_RUN), on the frames every test run takes. */
    @net.jqwik.api.Property(tries = 10)
    void randomTunnelsAgreeInTheKernel(@net.jqwik.api.ForAll("kernelFrames") List<byte[]> frames) {
        dev.sluice.testing.KernelTests.requireBpf();
        try (LoadedProgram loaded = Kernel.load(Scripted.compile(everything()).get(0))) {
            for (byte[] frame : frames) {
                java.util.Map<String, Long> before = PacketBoundaryTest.byName(loaded.counters());
                loaded.testRun(frame);
                assertEquals(reference(ReferenceParser.parseFrame(frame)), seen(before, PacketBoundaryTest.byName(loaded.counters())),
                        () -> java.util.HexFormat.of().formatHex(frame));
            }
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<byte[]>> frames() {
        return dev.sluice.tests.reference.RandomPackets.frameBatches(100);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<byte[]>> kernelFrames() {
        return dev.sluice.tests.reference.RandomPackets.kernelFrameBatches(100);
    }

    private static Set<String> seen(java.util.Map<String, Long> before, java.util.Map<String, Long> after) {
        java.util.Map<String, Long> delta = PacketBoundaryTest.minus(after, before);
        Set<String> out = new TreeSet<>();
        for (String t : TOKENS) if (delta.getOrDefault(counter(t), 0L) > 0) out.add(t);
        return out;
    }

    @Test
    void theReferenceParserReadsEveryTunnelAsTheSpecSays() {
        assertEveryCase(c -> reference(ReferenceParser.parseFrame(c.frame())), false);
    }

    @Test
    void theInterpreterReadsEveryTunnelAsTheSpecSays() {
        CompiledProgram p = Scripted.compile(everything()).get(0);
        assertEveryCase(c -> {
            var interpreter = p.interpreter();
            interpreter.run(c.frame());
            Set<String> out = new TreeSet<>();
            for (var v : interpreter.counters()) for (String t : TOKENS) if (v.name().equals(counter(t)) && v.value() > 0) out.add(t);
            return out;
        }, false);
    }

    @Test
    void eachTestAloneHoldsExactlyWhereTheSpecSaysInTheInterpreter() {
        for (String t : TOKENS) {
            CompiledProgram p = Scripted.compile("xdp { when " + condition(t) + " { drop } }").get(0);
            for (Case c : all()) {
                assertEquals(expected(c).contains(t) ? new Verdict.Drop() : new Verdict.Pass(), p.interpret(c.frame()), () -> t + ", " + c);
            }
        }
    }

    @Test
    @KernelTest
    void theKernelReadsEveryTunnelAsTheSpecSays() {
        for (String t : TOKENS) {
            try (LoadedProgram loaded = Kernel.load(Scripted.compile("xdp { when " + condition(t) + " { drop } }").get(0))) {
                for (Case c : all()) {
                    assertEquals(expected(c).contains(t) ? new Verdict.Drop() : new Verdict.Pass(), loaded.testRun(c.frame()), () -> t + ", " + c);
                }
            }
        }
        try (LoadedProgram loaded = Kernel.load(Scripted.compile(everything()).get(0))) {
            assertEveryCase(c -> {
                java.util.Map<String, Long> before = PacketBoundaryTest.byName(loaded.counters());
                loaded.testRun(c.frame());
                java.util.Map<String, Long> delta = PacketBoundaryTest.minus(PacketBoundaryTest.byName(loaded.counters()), before);
                Set<String> out = new TreeSet<>();
                for (String t : TOKENS) if (delta.getOrDefault(counter(t), 0L) > 0) out.add(t);
                return out;
            }, true);
        }
    }
}
