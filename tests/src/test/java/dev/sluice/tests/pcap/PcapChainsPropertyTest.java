package dev.sluice.tests.pcap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.grammar.Scripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random {@code and}/{@code or}/{@code not} chains of port, host, net and proto primitives mixed
 * with bare protocol tests (the expressions libpcap's optimiser reorders most) against tcpdump on
 * the oracle's corpus, cut frames included: on every frame the interpreter gives tcpdump's verdict,
 * also where libpcap's optimiser changes it (tcpdump and {@code tcpdump -O} differ: counted).
 * About 150 tcpdump runs and 37,500 interpreted frames: 15-20 s.
 */
class PcapChainsPropertyTest {
    private static final int FRAMES = 500;
    private static final List<String> PRIMITIVES = List.of(
            "tcp", "udp", "icmp", "ip", "ip6", "arp", "sctp", "port 80", "port 443", "src port 53", "dst port 22", "tcp port 80",
            "udp port 53", "portrange 1000-2000", "host 10.0.0.1", "host 10.0.1.2", "src host 192.168.0.1", "dst host 10.0.0.1",
            "net 10.0.0.0/8", "net 192.168.0.0/16", "dst net 224.0.0.0/4", "ip proto 17", "proto 6", "ip6 proto 58",
            "ip6 host 2001:db8::1", "ip6 net 2001:db8::/32", "ether broadcast", "ip multicast");

    private static List<byte[]> frames;
    private static Path corpus;
    private static final AtomicLong verdicts = new AtomicLong();
    private static final AtomicLong optimiserClass = new AtomicLong();

    @BeforeContainer
    static void corpus() throws Exception {
        Tcpdump.require();
        frames = new PcapCorpus(20261205L).frames(FRAMES);
        corpus = Files.createTempFile("sluice-pcap-chains", ".pcap");
        PcapCorpus.write(corpus, frames);
    }

    @AfterContainer
    static void report() throws Exception {
        if (corpus != null) Files.deleteIfExists(corpus);
        System.out.println("pcap chains: " + verdicts.get() + " verdicts, " + optimiserClass.get()
                + " of them changed by libpcap's optimiser (tcpdump against tcpdump -O)");
    }

    @Property(tries = 75)
    void theInterpreterKeepsWhatTcpdumpKeeps(@ForAll("chains") String expr) throws Exception {
        BitSet optimised = Tcpdump.kept(corpus, expr, true);
        BitSet unoptimised = Tcpdump.kept(corpus, expr, false);
        Scripts.Result r = Scripts.parse("xdp { when pcap \"" + expr + "\" { drop } }", "chains.ebpf", Path.of("."));
        assertTrue(r.ok(), () -> expr + ": " + r.render());
        CompiledProgram program = SluiceCompiler.compile(r.script().orElseThrow().programs(), dev.sluice.runtime.Tracefs::format).get(0);
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            boolean sluiceKeeps = program.interpret(frames.get(i)) instanceof Verdict.Drop;
            verdicts.incrementAndGet();
            if (optimised.get(i) != unoptimised.get(i)) optimiserClass.incrementAndGet();
            if (sluiceKeeps != optimised.get(i)) wrong.add(i);
        }
        assertTrue(wrong.isEmpty(), () -> expr + ": " + wrong.size() + " frames where Sluice and tcpdump disagree, e.g. frame "
                + wrong.get(0) + " of length " + frames.get(wrong.get(0)).length + " (tcpdump -O keeps it: " + unoptimised.get(wrong.get(0)) + ")");
    }

    @Provide
    Arbitrary<String> chains() {
        Arbitrary<String> primitive = Arbitraries.of(PRIMITIVES);
        return Arbitraries.lazyOf(() -> primitive, () -> primitive, () -> primitive,
                () -> chains().map(e -> "not (" + e + ")"),
                () -> Arbitraries.of(" and ", " or ").flatMap(op -> chains().list().ofMinSize(2).ofMaxSize(4)
                        .map(parts -> "(" + String.join(op, parts) + ")")));
    }
}
