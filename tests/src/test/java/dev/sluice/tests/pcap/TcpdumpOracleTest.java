package dev.sluice.tests.pcap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.grammar.Scripts;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.testing.KernelTests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import dev.sluice.compiler.testing.Requirements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcpdump as the oracle (docs/LANGUAGE-PCAP.md, "tcpdump expressions"): on a seeded random corpus, every expression's matches
 * by {@code tcpdump -r} (libpcap, a test-only dependency) must be exactly the frames that
 * {@code pcap "EXPR"} drops in the interpreter and, through BPF_PROG_TEST_RUN as XDP, in the kernel.
 * The frames on which libpcap's optimiser changes the verdict (tcpdump against {@code tcpdump -O})
 * are counted: the corpus must have some, and Sluice must follow the optimiser on them too.
 */
class TcpdumpOracleTest {
    private static final int FRAMES = 1000;
    private static final long SEED = Long.getLong("sluice.pcap.seed", 20261204L);

    static final List<String> EXPRESSIONS = List.of(
            "ip", "ip6", "arp", "rarp", "tcp", "udp", "icmp", "icmp6", "sctp", "igmp", "pim", "ah or esp",
            "tcp port 22", "udp port 53", "port 80", "src port 443", "dst port 1000", "tcp src or dst port 8080",
            "tcp src and dst port 22", "sctp port 22", "portrange 1000-2000", "tcp dst portrange 400-1500", "udp portrange 2000-1000",
            "host 10.0.0.1", "src host 10.0.1.2", "dst host 192.168.0.1", "ip host 224.0.0.1", "arp host 10.0.0.1",
            "rarp src host 192.168.0.1", "net 10.0.0.0/8", "net 10", "dst net 192.168", "net 10.0.0.0 mask 255.255.0.0",
            "host 10.0.0.1 and not 192.168.0.1", "ip6 host 2001:db8::1", "ip6 src net 2001:db8::/32",
            "ip6 dst host ff02::1", "ether host ff:ff:ff:ff:ff:ff", "ether src 02:00:00:00:00:01", "ether dst 01:00:5e:00:00:01",
            "ether broadcast", "broadcast", "ether multicast", "multicast", "ip multicast", "ip6 multicast",
            "ether proto 0x0806", "ether proto \\ip", "ether proto 0x88cc", "ip proto 47", "ip6 proto 58", "proto 132", "ip proto \\tcp",
            "less 60", "greater 100", "len > 80", "len <= 64 or len >= 120",
            "tcp[13] & 2 != 0", "tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn", "tcp[tcpflags] & tcp-rst != 0",
            "tcp[((tcp[12] & 0xf0) >> 2):4] = 0x47455420", "ip[6:2] & 0x1fff != 0", "ip[6] & 0x20 != 0", "ip[0] & 0xf > 5",
            "ip[8] < 32", "udp[2:2] = 4789", "udp[8:4] & 0xff000000 = 0x08000000", "icmp[icmptype] = icmp-echo",
            "icmp[icmptype] != icmp-echo and icmp[icmptype] != icmp-echoreply", "icmp6[icmp6type] = icmp6-echo",
            "icmp6[0] = 135", "ether[12:2] = 0x8100", "ether[0] & 1 = 1", "ip6[6] = 44", "ip6[40] = 6", "arp[7] = 1",
            "ip[9] + 1 = 7", "ip[2:2] - 20 > 50", "ip[8] * 2 > 64", "ip[8] / 3 = 10", "ip[8] % 5 = 1", "ip[1] ^ 0xff = 0xff",
            "ip[0] << 1 = 0x8a", "ip[0] >> 4 = 4", "-ip[8] > 0xffffffc0", "len - 14 > ip[2:2]",
            "tcp[100] = 1", "not tcp[100] = 1", "not ether[200] = 0", "ip[60:4] = 0 or tcp",
            "vlan", "vlan 7", "vlan and ip", "vlan 7 and tcp port 22", "vlan and vlan", "vlan and vlan and ip",
            "vlan or ip", "not vlan", "ip or vlan and udp", "vlan and (tcp or udp)", "vlan and ether[12:2] = 0x0800",
            "mpls", "mpls 5", "mpls and ip", "mpls and mpls and ip6", "mpls 5 and host 10.0.0.1", "mpls and tcp",
            "pppoes", "pppoes 3", "pppoes and ip", "pppoes and ip6 and udp", "pppoed", "pppoes and tcp port 22",
            "not ip and not ip6", "not (tcp or udp)", "!arp", "tcp and not port 22", "(tcp or udp) and port 53",
            "ip and ip[9] = 6 and tcp[2:2] = 22", "ip proto 47 or ip6 proto 47", "ip6 and not ip6 proto 6",
            "udp dst port 6081", "udp dst port 4789 and udp[8] = 8", "ether[0:4] = 0xffffffff",
            "tcp or icmp or arp or ip6 multicast", "host 10.0.0.1 and (tcp port 22 or udp port 53)",
            "byte 23 = 6", "byte 14 > 0x44", "ip[9] > 10 and ip[9] < 100", "ip[2:2] >= 100", "ip6[4:2] = 80",
            "ether src 2:0:0:0:0:2 or ether dst 0a:0b:0c:0d:0e:0f", "src net 10.0.0.0/24 or dst net 224.0.0.0/4",
            "ip6 net 2001:db8::/64 and udp", "tcp[0:2] = tcp[2:2]", "udp[0:2] > udp[2:2]", "len = ip[2:2] + 14",
            "ip[ip[0] & 0xf] = 1", "tcp[tcp[12] >> 4] > 0", "icmp or icmp6 or igmp", "not ip6 or ip6 proto 17",
            "ip6 protochain 6", "ip6 protochain 17", "ip6 protochain 59", "protochain 6", "ip protochain 6",
            "ip protochain 17", "protochain 51", "ip6 protochain 44", "not ip6 protochain 6",
            "ip6 protochain 6 and tcp port 80", "vlan and ip6 protochain 17", "geneve", "geneve 7", "geneve and ip",
            "geneve and tcp port 80", "geneve 7 and ether host 0a:0b:0c:0d:0e:0f", "geneve and ether broadcast",
            "geneve and ether multicast", "geneve and ip host 10.0.0.1", "udp and geneve and ip[9] = 6",
            "geneve and ether[12:2] = 0x0800", "geneve and tcp[0:2] = 22", "vlan and geneve and ip", "geneve and vlan",
            "ip6 net 2001:db8::/32 or geneve", "igrp", "vrrp", "carp", "ah", "esp", "ip proto \\udp", "ip6 proto \\tcp",
            "proto \\icmp", "ether proto \\arp", "ether proto \\rarp", "ether proto \\ip6", "ip proto \\igmp",
            "ip proto \\sctp", "src or dst host 10.0.0.1", "src and dst host 10.0.0.1", "src and dst net 10.0.0.0/8",
            "dst net 224.0.0.0/4", "src net 192.168.0.0/16", "net 198.18.0.0/15", "ip src host 10.0.0.1",
            "ip dst net 10.0.0.0 mask 255.0.0.0", "arp dst host 10.0.1.2", "rarp host 10.0.0.1", "udp src port 53",
            "tcp dst port 80", "sctp src port 80", "src portrange 1-1024", "dst portrange 1000-2000", "sctp portrange 22-80",
            "udp src or dst portrange 4000-7000", "tcp src and dst portrange 1-100", "ip6 src host 2001:db8::1",
            "ip6 dst net ff02::/16", "ip6 host 2001:db8::2 and udp", "ip6 src or dst net 2001:db8::/64",
            "ip6 src and dst net 2001:db8::/32", "ether dst ff:ff:ff:ff:ff:ff", "ether src or dst 02:00:00:00:00:02",
            "ether src and dst 02:00:00:00:00:01", "ether host 33:33:00:00:00:01", "ether dst 0a-0b-0c-0d-0e-0f",
            "ether src 0a0b.0c0d.0e0f", "not ether broadcast and ether multicast", "ether[6:4] = 0x02000000",
            "ether[12:2] > 0x0600", "ip[12:4] = 0x0a000001", "ip[16:4] & 0xf0000000 = 0xe0000000", "ip6[8:4] = 0x20010db8",
            "ip6[24:2] = 0xff02", "arp[6:2] = 2", "arp[14:4] = 0x0a000001", "rarp[6:2] = 1", "tcp[12:1] > 0x50",
            "tcp[4:4] > 0x80000000", "udp[4:2] = 50", "udp[0:1] = 0", "sctp[0:2] = 22", "sctp[8:4] = 1", "icmp[1] = 0",
            "icmp[0:2] = 0x0800", "icmp6[0:4] = 0x80000000", "igmp[0] = 0x11", "igmp[4:4] = 0xe0000001", "pim[0:2] != 0",
            "vrrp[0] > 0", "igrp[0:4] > 1", "carp[1] = 0", "icmp[icmpcode] = 1", "icmp[icmptype] = icmp-unreach",
            "icmp[icmptype] = icmp-timxceed", "icmp6[icmp6type] = icmp6-echoreply",
            "icmp6[icmp6type] = icmp6-neighborsolicit", "tcp[tcpflags] & tcp-fin != 0",
            "tcp[tcpflags] & (tcp-push|tcp-urg) != 0", "tcp[tcpflags] & (tcp-ece|tcp-cwr) != 0",
            "ip[2:2] & 0x3 = 0 and ip[2:2] | 1 = 101", "len & 1 = 0", "len % 7 = 3", "len / 10 = 8", "len * 2 > 200",
            "ip[8] << 24 >> 24 = ip[8]", "ip[0] >> 31 = 0", "ip[8] / (ip[1] & 1) = 0", "ip[8] % (ip[1] & 1) = 0",
            "-len < 0xffffff00", "ip[1] << (ip[8] & 63) = 0", "less 100", "greater 60 and less 80", "len = 64", "len != 100",
            "vlan 7 and vlan", "vlan and vlan and vlan", "vlan and vlan 7", "vlan and mpls", "vlan and pppoes and ip",
            "vlan and arp", "mpls 5 and mpls", "mpls and mpls 5", "pppoes 3 and ip6", "vlan and not ip", "not vlan and ip",
            "not (host 10.0.0.1 or host 10.0.1.2)", "tcp and (port 22 or port 80) and not src net 10.0.0.0/8",
            "(udp port 53 or tcp port 53) and ip", "icmp6 or (ip6 and udp)", "arp or rarp or vlan", "not (ip or ip6 or arp)",
            "ip and not tcp and not udp", "byte 12 = 8", "byte 22 < 10",
            "tcp[0xfffffff9] & 2 != 0", "ip[0xffffffff] = 0", "udp[0xfffffff8 + 10:2] = 53",
            "port 80 or port 443", "udp port 53 or tcp port 80 or sctp port 22",
            "portrange 1-100 or portrange 1000-2000", "not tcp[13] & 2 != 0", "ip6 net 2001:db8::/32 or ip6 host ff02::1",
            "ip[6:2] & 0x1fff = 0 and not icmp",
            // libpcap's optimiser reorders or drops reads in these (or/and chains with bare protocol tests).
            "port 80 or port 443 or udp", "host 10.0.0.1 or 10.0.1.2", "host 10.0.0.1 or host 10.0.1.2 or net 192.168.0.0/16",
            "tcp or port 53", "not (udp or port 80)", "port 22 and (tcp or udp)", "ip6 or host 10.0.0.1 or port 443",
            "not (host 10.0.0.1 or icmp or port 53)", "net 10.0.0.0/8 or ip6 or udp port 53", "udp and (port 53 or port 6081 or tcp)",
            "src host 10.0.0.1 or dst net 192.168.0.0/16 or arp", "not port 80 and not udp", "icmp or tcp port 80 or ip6 host 2001:db8::1");

    /**
     * The corpus and, for each expression, the frames tcpdump keeps, with libpcap's optimiser and
     * without it: computed once for both tests.
     */
    private static List<byte[]> frames;
    private static List<BitSet> kept;
    private static List<BitSet> keptUnoptimised;

    @BeforeAll
    static void askTcpdump(@TempDir Path dir) throws Exception {
        Tcpdump.require();
        frames = new PcapCorpus(SEED).frames(FRAMES);
        Path corpus = dir.resolve("corpus.pcap");
        PcapCorpus.write(corpus, frames);
        kept = new ArrayList<>();
        keptUnoptimised = new ArrayList<>();
        for (String expr : EXPRESSIONS) {
            kept.add(Tcpdump.kept(corpus, expr, true));
            keptUnoptimised.add(Tcpdump.kept(corpus, expr, false));
        }
    }

    @Test
    void theInterpreterKeepsWhatTcpdumpKeeps() {
        compare("interpreter", (program, frame) -> program.interpret(frame), null);
    }

    @Test
    void theKernelKeepsWhatTcpdumpKeeps() {
        KernelTests.requireBpf();
        compare("kernel", null, program -> Kernel.load(program));
    }

    /**
     * A tc program that is one lone pcap rule takes the LD_ABS form (docs/COMPILER-PCAP.md): the same
     * verdicts in the interpreter on every frame and in the kernel on every frame it runs. The kernel
     * refuses tc test runs of IPv4 frames under 34 bytes, IPv6 frames under 54 and frames under 14
     * (EINVAL before the program runs); those frames are skipped there and counted.
     */
    @Test
    void theTcLdAbsFormKeepsWhatTcpdumpKeeps() {
        KernelTests.requireBpf();
        List<String> wrong = new ArrayList<>();
        long interpreted = 0;
        long ran = 0;
        long skipped = 0;
        int forms = 0;
        long started = System.nanoTime();
        for (int e = 0; e < EXPRESSIONS.size(); e++) {
            String expr = EXPRESSIONS.get(e);
            CompiledProgram program = compile("tc ingress", expr);
            boolean ldAbs = program.ldAbsForm();
            assertTrue(ldAbs, () -> expr + ": every expression takes the LD_ABS form (protochain too)");
            if (ldAbs) forms++;
            try (LoadedProgram loaded = Kernel.load(program)) {
                for (int i = 0; i < frames.size(); i++) {
                    byte[] frame = frames.get(i);
                    boolean tcpdumpKeeps = kept.get(e).get(i);
                    interpreted++;
                    if ((program.interpret(frame) instanceof Verdict.Drop) != tcpdumpKeeps) wrong.add(expr + " | interpreter, frame " + i);
                    if (!tcTestRuns(frame)) {
                        skipped++;
                        continue;
                    }
                    ran++;
                    if ((loaded.testRun(frame) instanceof Verdict.Drop) != tcpdumpKeeps) wrong.add(expr + " | kernel, frame " + i);
                }
            }
        }
        System.out.println("tcpdump oracle, tc LD_ABS form: " + forms + " of " + EXPRESSIONS.size() + " expressions in the form, "
                + interpreted + " interpreted frames, " + ran + " kernel frames (" + skipped + " too short for a tc test run skipped), "
                + wrong.size() + " disagreements, " + (System.nanoTime() - started) / 1_000_000 + " ms");
        assertTrue(wrong.isEmpty(), () -> wrong.size() + " disagreements, e.g. " + wrong.subList(0, Math.min(20, wrong.size())));
    }

    /** Whether the kernel runs a tc test run of {@code frame} (bpf_prog_test_run_skb's length checks by EtherType). */
    private static boolean tcTestRuns(byte[] frame) {
        if (frame.length < 14) return false;
        int type = (frame[12] & 0xff) << 8 | frame[13] & 0xff;
        return type == 0x0800 ? frame.length >= 34 : type != 0x86dd || frame.length >= 54;
    }

    private static void compare(String reader, java.util.function.BiFunction<CompiledProgram, byte[], Verdict> interpret,
                                java.util.function.Function<CompiledProgram, LoadedProgram> load) {
        List<String> wrong = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        long matched = 0;
        for (int e = 0; e < EXPRESSIONS.size(); e++) {
            String expr = EXPRESSIONS.get(e);
            CompiledProgram program = compile(expr);
            LoadedProgram loaded = load == null ? null : load.apply(program);
            try {
                for (int i = 0; i < frames.size(); i++) {
                    Verdict v = loaded == null ? interpret.apply(program, frames.get(i)) : loaded.testRun(frames.get(i));
                    boolean tcpdumpKeeps = kept.get(e).get(i);
                    boolean sluiceKeeps = v instanceof Verdict.Drop;
                    if (tcpdumpKeeps) matched++;
                    if (tcpdumpKeeps != keptUnoptimised.get(e).get(i)) moved.add(expr + " | frame " + i);
                    if (sluiceKeeps != tcpdumpKeeps) wrong.add(expr + " | frame " + i + " | tcpdump keeps: " + tcpdumpKeeps);
                }
            } finally {
                if (loaded != null) loaded.close();
            }
        }
        System.out.println("tcpdump oracle, " + reader + ": " + EXPRESSIONS.size() + " expressions x " + FRAMES + " frames, "
                + matched + " kept by tcpdump, " + wrong.size() + " disagreements, " + moved.size()
                + " verdicts that libpcap's optimiser changes (tcpdump against tcpdump -O), in "
                + moved.stream().map(w -> w.substring(0, w.indexOf(" | "))).distinct().count() + " expressions");
        assertTrue(!moved.isEmpty(), "the corpus has no frame on which libpcap's optimiser changes a verdict");
        assertTrue(wrong.isEmpty(), () -> wrong.size() + " disagreements, by expression: " + wrong.stream()
                .collect(java.util.stream.Collectors.groupingBy(w -> w.substring(0, w.indexOf(" | ")), java.util.TreeMap::new,
                        java.util.stream.Collectors.mapping(w -> w.substring(w.indexOf(" | ") + 3), java.util.stream.Collectors.toList())))
                .entrySet().stream().map(en -> en.getKey() + " (" + en.getValue().size() + ", e.g. " + en.getValue().get(0) + ")")
                .collect(java.util.stream.Collectors.joining("\n")));
    }

    private static CompiledProgram compile(String expr) {
        return compile("xdp", expr);
    }

    private static CompiledProgram compile(String hook, String expr) {
        String text = hook + " { when pcap \"" + expr.replace("\\", "\\\\") + "\" { drop } }";
        Scripts.Result r = Scripts.parse(text, "oracle.ebpf", Path.of("."));
        assertTrue(r.ok(), () -> expr + ": " + r.render());
        return SluiceCompiler.compile(r.script().orElseThrow().programs(), dev.sluice.runtime.Tracefs::format).get(0);
    }
}
