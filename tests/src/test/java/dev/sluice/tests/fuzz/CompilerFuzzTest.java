package dev.sluice.tests.fuzz;

import dev.sluice.compiler.trace.TracepointFormats;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.check.CompileException;
import dev.sluice.compiler.lower.ModelLowering;
import dev.sluice.grammar.Scripts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole front end, grammar and compiler, on hostile input: random token sequences and random
 * mutations of the example scripts give a program or diagnostics, never another exception, and
 * never take more than a second.
 */
class CompilerFuzzTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final List<String> TOKENS = List.of("set", "s", "=", "file", "\"blocked.txt\"", "{", "}", "(", ")", ",", ";", "xdp", "fw",
            "tc", "ingress", "egress", "socket", "cgroup", "device", "kprobe", "kretprobe", "uprobe", "uretprobe", "\"/bin/sh\"",
            "tracepoint", "syscalls:sys_enter_openat", "profile", "hz", "99", "when", "count", "sum", "hist", "print", "\"%d %s\"",
            "by", "pass", "drop", "tx", "abort", "redirect", "lo", "truncate", "64", "in", "not", "and", "or", "!", "==", "!=", "<",
            ">=", "&", "|", "<<", ">>", "+", "-", "*", "/", "%", "tcp", "udp", "ip", "ip6", "icmp", "vlan", "eth", "arp", "tcp.dport",
            "tcp.syn", "tcp.flags", "udp.dport", "ip.src", "ip.proto", "ip6.src", "eth.src", "vlan.id", "pkt.len", "dev.major",
            "dev.type", "char", "pid", "comm", "arg0", "retval", "pc", "args.filename", "args.flags", "str", "10.0.0.0/8", "10.1.2.3",
            "::1", "fd00::/8", "aa:bb:cc:dd:ee:ff", "1000..2000", "0x12", "22", "70000", "99999999999999999999", "#c\n", "\n");
    /** A fixed format file, so that tracepoint programs compile the same on every machine, with or without tracefs. */
    static final TracepointFormats FORMATS = (category, event) -> {
        if (!category.equals("syscalls")) throw new IOException("no tracepoint " + category + ":" + event);
        return "name: " + event + "\nID: 1\nformat:\n"
                + "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
                + "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
                + "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
                + "\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n\nprint fmt: \"x\"\n";
    };

    @Property(tries = 10_000)
    void tokenSequences(@ForAll("soups") String text) {
        compileWithin1s(text);
    }

    @Property(tries = 10_000)
    void mutatedExamples(@ForAll("mutations") String text) {
        compileWithin1s(text);
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** How many inputs the compiler compiled, and how many it rejected with diagnostics, after parsing. */
    static final AtomicInteger COMPILED = new AtomicInteger(), REJECTED = new AtomicInteger();

    @AfterContainer
    static void theCompilerWasReached() {
        // Without this the property could pass by never getting past the parser.
        assertTrue(COMPILED.get() > 1000, "compiled " + COMPILED.get());
        assertTrue(REJECTED.get() > 100, "rejected by the checker " + REJECTED.get());
    }

    /**
     * One second of this thread's CPU time, not of the clock: on a machine shared with other builds
     * the wall clock also counts time the thread waited to run, and the bound is for blow-ups.
     */
    static void compileWithin1s(String text) {
        long start = CPU.getCurrentThreadCpuTime();
        Scripts.Result parsed = Scripts.parse(text, "fuzz.ebpf", EXAMPLES);
        if (parsed.ok()) {
            try {
                SluiceCompiler.compile(parsed.script().orElseThrow().programs(), FORMATS);
                COMPILED.incrementAndGet();
            } catch (CompileException e) {
                REJECTED.incrementAndGet();
                assertFalse(e.diagnostics().isEmpty(), text);
            }
        } else {
            assertFalse(parsed.render().isEmpty());
        }
        long ms = (CPU.getCurrentThreadCpuTime() - start) / 1_000_000;
        assertTrue(ms < 1000, () -> ms + " ms of CPU time for:\n" + text);
    }

    @Provide
    Arbitrary<String> soups() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(40).map(tokens -> String.join(" ", tokens));
    }

    @Provide
    Arbitrary<String> mutations() {
        List<String> examples;
        try {
            examples = List.of(Files.readString(EXAMPLES.resolve("firewall.ebpf")), Files.readString(EXAMPLES.resolve("trace.ebpf")));
        } catch (IOException e) {
            throw new IllegalStateException("the examples are part of the checkout: " + e.getMessage(), e);
        }
        return Arbitraries.of(examples).flatMap(example -> Arbitraries.longs().map(seed -> mutate(example, new Random(seed))));
    }

    private static final String INSERTED = "{}()=,;.:/\"#!&|<>0123456789abcxyz \n";

    /** 1 to 4 edits: a character deleted, inserted or replaced, a token of the language dropped in, or a line doubled or removed. */
    static String mutate(String text, Random random) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && s.length() > 0; i++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(5)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, INSERTED.charAt(random.nextInt(INSERTED.length())));
                case 2 -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
                case 3 -> s.insert(at, " " + TOKENS.get(random.nextInt(TOKENS.size())) + " ");
                default -> {
                    int lineStart = s.lastIndexOf("\n", at - 1) + 1;
                    int lineEnd = s.indexOf("\n", at);
                    if (lineEnd < 0) lineEnd = s.length();
                    String line = s.substring(lineStart, lineEnd);
                    if (random.nextBoolean()) s.insert(lineStart, line + "\n");
                    else s.delete(lineStart, lineEnd);
                }
            }
        }
        return s.toString();
    }
}
