package dev.sluice.tests.dsl;

import static dev.sluice.tests.dsl.BoundaryFrames.MACS;
import static dev.sluice.tests.dsl.BoundaryFrames.cut;
import static dev.sluice.tests.dsl.BoundaryFrames.hex;
import static dev.sluice.tests.dsl.BoundaryFrames.ipv6;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.testing.KernelTest;
import dev.sluice.tests.reference.ParsedPacket;
import dev.sluice.tests.reference.RandomPackets;
import dev.sluice.tests.reference.ReferenceParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * docs/LANGUAGE.md's presence rules for the version 2 fields at their header boundaries, written by
 * hand: 0x9100 tags and the tags' priority and inner id, IPv4's flags, IHL and offset, IPv6's first
 * word and payload length, fragments, ARP, SCTP, GRE with an optional field, VXLAN and Geneve (with
 * an option), whole, cut by one byte and on later fragments. Each test alone (the parser then reads
 * only its header) and all at once, in the reference, the interpreter and the kernel (XDP); and as
 * socket filters, whose copying parse starts at the network header (tags are not there), on the same
 * frames and on every cut of them from 14 bytes on.
 */
class LaterFieldsBoundaryTest {
    /** A test or a field (read as {@code FIELD >= 0}, or an address compared with one it never is). */
    static final List<String> TOKENS = List.of("vlan.pcp", "vlan.inner", "ip.ihl", "ip.df", "ip.mf", "ip.fragoff", "frag",
            "ip6.tclass", "ip6.flow", "ip6.plen", "arp.op", "arp.tpa", "arp.sha", "sctp", "sctp.dport", "gre", "gre.proto",
            "vxlan.vni", "geneve.vni");

    record Case(String name, byte[] frame, Set<String> expected) {
        @Override
        public String toString() {
            return name + " (" + frame.length + " bytes)";
        }
    }

    static Case of(String name, byte[] frame, String expected) {
        return new Case(name, frame, expected.isEmpty() ? Set.of() : Set.of(expected.split(" ")));
    }

    static final String V4 = "ip.ihl ip.fragoff";

    static String ipv4(int flags, int protocol, int total) {
        return String.format("4500 %04x 0001 %04x 40 %02x 0000 0a000001 c6120001", total, flags, protocol);
    }

    static List<Case> all() {
        List<Case> out = new ArrayList<>();
        byte[] tags = hex(MACS + "9100 a007 8100 0009 0800" + ipv4(0, 17, 28) + "1388 0035 0008 0000");
        out.add(of("0x9100 tag (pcp 5) then 0x8100, udp", tags, "vlan.pcp vlan.inner " + V4));
        out.add(of("inner tag cut by one", cut(tags, 21), "vlan.pcp"));
        out.add(of("outer 0x9100 tag cut by one", cut(tags, 17), ""));

        byte[] first = hex(MACS + "0800" + ipv4(0x2000, 6, 40) + "9c40 0016 00000001 00000000 5002 ffff 0000 0000");
        out.add(of("ipv4 first fragment (MF)", first, V4 + " ip.mf frag"));
        out.add(of("ipv4 cut by one", cut(first, 33), ""));
        out.add(of("ipv4 later fragment", hex(MACS + "0800" + ipv4(0x00b9, 6, 40)), V4 + " frag"));
        out.add(of("ipv4 don't fragment", hex(MACS + "0800" + ipv4(0x4000, 6, 20)), V4 + " ip.df"));

        byte[] v6Fragment = hex(MACS + "86dd" + ipv6(44, 16) + "1100 0001 0000 0001" + "1388 0035 0008 0000");
        out.add(of("ipv6 fragment header", v6Fragment, "ip6.tclass ip6.flow ip6.plen frag"));
        out.add(of("ipv6 fragment header cut by one", cut(v6Fragment, 61), "ip6.tclass ip6.flow ip6.plen"));
        out.add(of("ipv6 cut by one", cut(v6Fragment, 53), ""));

        byte[] arp = hex(MACS + "0806" + "0001 0800 0604 0001 020000000001 c6120001 000000000000 c6120002");
        out.add(of("arp", arp, "arp.op arp.tpa arp.sha"));
        out.add(of("arp cut by one", cut(arp, 41), ""));

        byte[] sctp = hex(MACS + "0800" + ipv4(0, 132, 32) + "0b84 0f1c 00000000 00000000");
        out.add(of("sctp", sctp, V4 + " sctp sctp.dport"));
        out.add(of("sctp cut by one", cut(sctp, 45), V4 + " sctp"));
        out.add(of("sctp later fragment", hex(MACS + "0800" + ipv4(0x0001, 132, 32) + "0b84 0f1c 00000000 00000000"),
                V4 + " frag sctp"));

        byte[] gre = hex(MACS + "0800" + ipv4(0, 47, 28) + "2000 6558 0000002a");
        out.add(of("gre with a key", gre, V4 + " gre gre.proto"));
        out.add(of("gre's key cut by one", cut(gre, 41), V4 + " gre"));
        out.add(of("gre without its fixed 4 bytes", cut(gre, 37), V4 + " gre"));
        byte[] greAll = hex(MACS + "0800" + ipv4(0, 47, 36) + "b000 0800 00000000 0000002a 00000001");
        out.add(of("gre with checksum, key and sequence number", greAll, V4 + " gre gre.proto"));
        out.add(of("gre's sequence number cut by one", cut(greAll, 49), V4 + " gre"));

        byte[] vxlan = hex(MACS + "0800" + ipv4(0, 17, 44) + "1388 12b5 0018 0000" + "0800 0000 00002a00" + "00000000 00000000");
        out.add(of("vxlan", vxlan, V4 + " vxlan.vni"));
        out.add(of("vxlan header cut by one", cut(vxlan, 49), V4));
        byte[] geneve = hex(MACS + "0800" + ipv4(0, 17, 40) + "1388 17c1 0014 0000" + "0100 6558 00000700" + "01020304");
        out.add(of("geneve with one option word", geneve, V4 + " geneve.vni"));
        out.add(of("geneve's option cut by one", cut(geneve, 53), V4));
        out.add(of("geneve's fixed header cut by one", cut(geneve, 49), V4));
        out.add(of("geneve port with a vxlan header", hex(MACS + "0800" + ipv4(0, 17, 36) + "1388 17c1 0010 0000" + "0800 0000 00002a00"),
                V4));
        return out;
    }

    static Set<String> expected(Case c) {
        return new TreeSet<>(c.expected());
    }

    static String condition(String token) {
        if (token.equals("arp.tpa")) return "arp.tpa != 1.2.3.4";
        if (token.equals("arp.sha")) return "arp.sha != 02:00:00:00:00:09";
        return token.contains(".") && !token.equals("ip.df") && !token.equals("ip.mf") ? token + " >= 0" : token;
    }

    static String counter(String token) {
        return "saw_" + token.replace('.', '_');
    }

    static final String EVERYTHING = everything("xdp");

    /** Every token at once, each counted, in a program of {@code hook}. */
    static String everything(String hook) {
        StringBuilder s = new StringBuilder(hook + " everything {\n");
        for (String t : TOKENS) s.append("  when ").append(condition(t)).append(" { count ").append(counter(t)).append(" }\n");
        return s.append("}\n").toString();
    }

    static void assertEveryCase(Function<Case, Set<String>> reading, boolean kernel) {
        assertEveryCase(reading, LaterFieldsBoundaryTest::expected, kernel);
    }

    static void assertEveryCase(Function<Case, Set<String>> reading, Function<Case, Set<String>> expected, boolean kernel) {
        List<String> wrong = new ArrayList<>();
        for (Case c : all()) {
            if (kernel && c.frame().length < 14) continue;
            Set<String> got = new TreeSet<>(reading.apply(c));
            if (!got.equals(expected.apply(c))) wrong.add(c + ": expected " + expected.apply(c) + " got " + got);
        }
        assertEquals(List.of(), wrong);
    }

    static Set<String> reference(ParsedPacket p) {
        Set<String> out = new TreeSet<>();
        for (String t : TOKENS) {
            if (p.is(t) || p.integer(t).isPresent() || p.address(t).isPresent()) out.add(t);
        }
        return out;
    }

    static Set<String> observed(List<dev.sluice.compiler.CounterValue> counters) {
        Set<String> out = new TreeSet<>();
        for (dev.sluice.compiler.CounterValue v : counters) {
            for (String t : TOKENS) if (v.name().equals(counter(t)) && v.value() > 0) out.add(t);
        }
        return out;
    }

    @Test
    void theReferenceParserReadsEveryFrameAsTheSpecSays() {
        assertEveryCase(c -> reference(ReferenceParser.parseFrame(c.frame())), false);
    }

    @Test
    void theInterpreterReadsEveryFrameAsTheSpecSays() {
        CompiledProgram p = Scripted.compile(EVERYTHING).get(0);
        assertEveryCase(c -> {
            var interpreter = p.interpreter();
            interpreter.run(c.frame());
            return observed(interpreter.counters());
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
    void theKernelReadsEveryFrameAsTheSpecSays() {
        for (String t : TOKENS) {
            try (LoadedProgram loaded = Kernel.load(Scripted.compile("xdp { when " + condition(t) + " { drop } }").get(0))) {
                for (Case c : all()) {
                    if (c.frame().length < 14) continue;
                    assertEquals(expected(c).contains(t) ? new Verdict.Drop() : new Verdict.Pass(), loaded.testRun(c.frame()), () -> t + ", " + c);
                }
            }
        }
        try (LoadedProgram loaded = Kernel.load(Scripted.compile(EVERYTHING).get(0))) {
            assertEveryCase(c -> counted(loaded, c.frame()), true);
        }
    }

    /** The tokens whose counters a test run of {@code frame} raised. */
    static Set<String> counted(LoadedProgram loaded, byte[] frame) {
        java.util.Map<String, Long> before = PacketBoundaryTest.byName(loaded.counters());
        loaded.testRun(frame);
        java.util.Map<String, Long> delta = PacketBoundaryTest.minus(PacketBoundaryTest.byName(loaded.counters()), before);
        Set<String> out = new TreeSet<>();
        for (String t : TOKENS) if (delta.getOrDefault(counter(t), 0L) > 0) out.add(t);
        return out;
    }

    /**
     * What a socket filter sees of a case: the packet from the network header, with the frame's
     * EtherType as its protocol. A tagged frame's network header is its first tag, which the socket
     * parse does not read (docs/LANGUAGE.md: VLAN tags are absent there): nothing holds. Every other
     * case reads as from the Ethernet header.
     */
    static Set<String> socketExpected(Case c) {
        int type = (c.frame()[12] & 0xff) << 8 | (c.frame()[13] & 0xff);
        return type == 0x8100 || type == 0x88a8 || type == 0x9100 ? Set.of() : expected(c);
    }

    @Test
    void theReferenceReadsEveryFrameFromTheNetworkHeaderAsTheSocketExpectationsSay() {
        assertEveryCase(c -> reference(network(c.frame())), LaterFieldsBoundaryTest::socketExpected, true);
    }

    @Test
    void asSocketFiltersTheInterpreterReadsEveryFrameAsTheSpecSays() {
        CompiledProgram everything = Scripted.compile(everything("socket")).get(0);
        assertEveryCase(c -> {
            var interpreter = everything.interpreter();
            interpreter.run(c.frame());
            return observed(interpreter.counters());
        }, LaterFieldsBoundaryTest::socketExpected, true);
        for (String t : TOKENS) {
            CompiledProgram p = Scripted.compile("socket { when " + condition(t) + " { drop } }").get(0);
            for (Case c : all()) {
                if (c.frame().length < 14) continue;
                assertEquals(socketExpected(c).contains(t) ? new Verdict.Drop() : new Verdict.Pass(), p.interpret(c.frame()), () -> t + ", " + c);
            }
        }
    }

    @Test
    @KernelTest
    void asSocketFiltersTheKernelReadsEveryFrameAsTheSpecSays() {
        for (String t : TOKENS) {
            try (LoadedProgram loaded = Kernel.load(Scripted.compile("socket { when " + condition(t) + " { drop } }").get(0))) {
                for (Case c : all()) {
                    if (!RandomPackets.kernelTakes(c.frame())) continue;
                    assertEquals(socketExpected(c).contains(t) ? new Verdict.Drop() : new Verdict.Pass(), loaded.testRun(c.frame()), () -> t + ", " + c);
                }
            }
        }
        try (LoadedProgram loaded = Kernel.load(Scripted.compile(everything("socket")).get(0))) {
            assertEveryCase(c -> RandomPackets.kernelTakes(c.frame()) ? counted(loaded, c.frame()) : socketExpected(c),
                    LaterFieldsBoundaryTest::socketExpected, true);
        }
    }

    /** The packet a socket filter sees of {@code frame}: from the network header, the EtherType as its protocol. */
    static ParsedPacket network(byte[] frame) {
        int type = (frame[12] & 0xff) << 8 | (frame[13] & 0xff);
        return ReferenceParser.parseNetwork(java.util.Arrays.copyOfRange(frame, 14, frame.length), type);
    }

    /**
     * Every case's frame cut to every length from 14 bytes (an empty network header) to whole, so at
     * every header boundary and every byte inside: the reference, the interpreter and the kernel
     * (on the cuts its test run takes) agree on every token as a socket filter reading all of them.
     */
    @Test
    @KernelTest
    void asSocketFiltersEveryCutOfEveryFrameAgreesThreeWays() {
        CompiledProgram compiled = Scripted.compile(everything("socket")).get(0);
        List<String> wrong = new ArrayList<>();
        int cuts = 0;
        Set<String> held = new TreeSet<>();
        try (LoadedProgram loaded = Kernel.load(compiled)) {
            for (Case c : all()) {
                for (int length = 14; length <= c.frame().length; length++) {
                    byte[] frame = cut(c.frame(), length);
                    Set<String> want = reference(network(frame));
                    held.addAll(want);
                    var interpreter = compiled.interpreter();
                    interpreter.run(frame);
                    Set<String> interpreted = observed(interpreter.counters());
                    // The kernel's test run refuses an IP EtherType without its whole fixed header: the interpreter alone covers those cuts.
                    Set<String> kernel = RandomPackets.kernelTakes(frame) ? counted(loaded, frame) : want;
                    if (!want.equals(interpreted) || !want.equals(kernel)) {
                        wrong.add(c + " cut to " + length + ": reference " + want + ", interpreter " + interpreted + ", kernel " + kernel);
                    }
                    cuts++;
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(cuts > 500, "cuts " + cuts);
        // Vacuity guard: every token but the tags' held on some cut.
        assertEquals(TOKENS.stream().filter(t -> !t.startsWith("vlan.")).collect(java.util.stream.Collectors.toCollection(TreeSet::new)), held);
    }

    /** Every fixed packet field with a value (29 slots: the IPv6 addresses are compared, not summed). */
    static final List<String> FIXED_SUMMED = List.of("pkt.len", "eth.src", "eth.dst", "eth.type", "vlan.id", "ip.tos", "ip.len", "ip.id",
            "ip.ttl", "ip.proto", "ip.src", "ip.dst", "ip6.hlim", "ip6.next", "tcp.sport", "tcp.dport", "tcp.flags", "tcp.win",
            "udp.sport", "udp.dport", "udp.len", "icmp.type", "icmp.code", "icmp6.type", "icmp6.code");
    /** Six version 2 fields: with every fixed slot taken, they fill the spare slots a socket program holds. */
    static final List<String> LATER_SUMMED = List.of("ip.ihl", "ip.fragoff", "ip6.plen", "arp.spa", "gre.proto", "geneve.vni");

    /**
     * A socket filter reading the 35 value slots it holds (every fixed field, then six version 2
     * fields in the spare slots next to the parse's scratch): the sum of every field over all cases
     * is the reference's, in the interpreter and the kernel, so no value was overwritten by the
     * headers the parse copies. One more slot is refused (DslScriptParityTest).
     */
    @Test
    @KernelTest
    void asSocketFiltersAProgramReadingEverySlotItHoldsKeepsEveryValue() {
        StringBuilder script = new StringBuilder("socket full {\n");
        List<String> summed = new ArrayList<>(FIXED_SUMMED);
        summed.addAll(LATER_SUMMED);
        for (String f : summed) script.append("  sum ").append(counter(f)).append(' ').append(f).append('\n');
        script.append("  when ip6.src == 2001:db8::1 and ip6.dst == 2001:db8::2 { count saw_ip6_addresses }\n}\n");
        CompiledProgram compiled = Scripted.compile(script.toString()).get(0);
        java.util.Map<String, Long> expected = new java.util.TreeMap<>();
        var interpreter = compiled.interpreter();
        try (LoadedProgram loaded = Kernel.load(compiled)) {
            for (Case c : all()) {
                if (!RandomPackets.kernelTakes(c.frame())) continue;
                ParsedPacket p = network(c.frame());
                for (String f : summed) {
                    java.util.Optional<Long> v = p.integer(f).or(() -> p.address(f).map(a -> new java.math.BigInteger(1, a).longValue()));
                    v.ifPresent(value -> expected.merge(counter(f), value, Long::sum));
                }
                if (p.address("ip6.src").isPresent()) expected.merge("saw_ip6_addresses", 1L, Long::sum);
                interpreter.run(c.frame());
                loaded.testRun(c.frame());
            }
            // A counter at 0 reads the same as one that never ran.
            expected.values().removeIf(v -> v == 0);
            java.util.Map<String, Long> fromKernel = PacketBoundaryTest.byName(loaded.counters());
            fromKernel.values().removeIf(v -> v == 0);
            java.util.Map<String, Long> fromInterpreter = PacketBoundaryTest.byName(interpreter.counters());
            fromInterpreter.values().removeIf(v -> v == 0);
            assertEquals(expected, new java.util.TreeMap<>(fromInterpreter), "interpreter");
            assertEquals(expected, new java.util.TreeMap<>(fromKernel), "kernel");
        }
        for (String f : LATER_SUMMED) assertTrue(expected.containsKey(counter(f)), f + " never present, or always 0");
    }
}
