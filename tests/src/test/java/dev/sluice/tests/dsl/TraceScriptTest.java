package dev.sluice.tests.dsl;

import static dev.sluice.dsl.Sluice.args;
import static dev.sluice.dsl.Sluice.pid;
import static dev.sluice.dsl.Sluice.str;
import static dev.sluice.dsl.Sluice.tracepoint;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.KernelTest;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterValue;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.dsl.model.Program;
import dev.sluice.runtime.Attach;
import dev.sluice.runtime.Kernel;
import dev.sluice.runtime.Link;
import dev.sluice.runtime.LoadedProgram;
import dev.sluice.runtime.RingBufferReader;
import dev.sluice.runtime.testing.TargetBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trace programs written as scripts: checked, compiled, loaded and run on real calls. */
class TraceScriptTest {
    /** The diagnostic at {@code token}'s first occurrence in the one-line script {@code text}. */
    private static String at(String text, String token, String message) {
        return "test.ebpf:1:" + (text.indexOf(token) + 1) + ": " + message;
    }

    private static void assertError(String text, String token, String message) {
        assertEquals(List.of(at(text, token, message)), Scripted.errors(text));
    }

    @Test
    void packetVerdictsAndForeignFieldsAreErrors() {
        assertError("kprobe vfs_read { drop }", "drop", "drop is a packet verdict; kprobe programs observe and have none");
        assertError("tracepoint syscalls:sys_enter_openat { sum x arg0 }", "arg0",
                "unknown field arg0 in tracepoint programs (arguments are read at function entry: kprobe and uprobe)");
        assertError("uprobe \"/bin/true\" main { hist r retval }", "retval",
                "unknown field retval in uprobe programs (return values are read by kretprobe and uretprobe)");
        assertError("xdp { print \"%s\", str(ip.src) }", "str", "str() reads memory of traced code; xdp programs have packets instead");
        assertError("kprobe vfs_read { print \"%d %d\", pid }", "print", "the format has 2 conversions and 1 value follow it");
        assertError("kprobe vfs_read { when comm == \"a-name-of-16-chs\" { count x } }", "\"a-name",
                "\"a-name-of-16-chs\" is 16 bytes; comm holds at most 15, so it never matches");
        assertError("kprobe vfs_read { when comm < \"b\" { count x } }", "\"b", "strings compare with == and != only");
    }

    @Test
    @KernelTest
    void tracepointFieldsComeFromTheFormatFile() {
        String text = "tracepoint syscalls:sys_enter_openat { print \"%s\", str(args.filenme) }";
        assertEquals(List.of(at(text, "args.filenme", "syscalls:sys_enter_openat has no field filenme; did you mean args.filename?")),
                Scripted.errors(text));
    }

    /** uprobe/uretprobe on sluice_target(x) = 2x + 1, x = 1..100, written as a script. */
    @Test
    @KernelTest
    void uprobeCountsSumsAndHistogramsRealCalls(@TempDir Path dir) throws Exception {
        Path binary = TargetBinary.build(dir);
        List<CompiledProgram> programs = Scripted.compile(
                "uprobe \"" + binary + "\" sluice_target { count calls  sum total arg0  count by_comm by comm  sum doubled arg0 * 2 + 1 }\n"
                + "uretprobe \"" + binary + "\" sluice_target { hist returns retval }\n");
        Process child = TargetBinary.start(binary.toString(), "100");
        try (LoadedProgram entry = Kernel.load(programs.get(0)); LoadedProgram exit = Kernel.load(programs.get(1))) {
            try (Link in = Attach.uprobe(entry.program(), binary, "sluice_target", false, OptionalInt.of((int) child.pid()));
                 Link out = Attach.uprobe(exit.program(), binary, "sluice_target", true, OptionalInt.of((int) child.pid()))) {
                assertEquals("10200\n", TargetBinary.release(child));
            } finally {
                child.destroyForcibly();
            }
            List<CounterValue> counters = entry.counters();
            assertEquals(new CounterValue("by_comm", Optional.of(List.of("target")), 100), counters.get(0));
            assertEquals(new CounterValue("calls", Optional.empty(), 100), counters.get(1));
            assertEquals(new CounterValue("doubled", Optional.of(List.of()), 10200), counters.get(2), "sum of 2x + 1 for x = 1..100");
            assertEquals(new CounterValue("total", Optional.of(List.of()), 5050), counters.get(3));
            long[] expected = {0, 0, 1, 2, 4, 8, 16, 32, 37};
            List<CounterValue> buckets = exit.counters();
            for (int b = 0; b < expected.length; b++) {
                long bucket = b;
                long value = buckets.stream().filter(c -> c.key().orElseThrow().equals(List.of(bucket))).mapToLong(CounterValue::value)
                        .findFirst().orElse(0);
                assertEquals(expected[b], value, "bucket " + b);
            }
        }
    }

    /**
     * The count-by-comm test, with string equality: a child named slc-opener (a copy of cat)
     * opens K files; `count opens by comm` sees at least K for it, and the comm and str() filters
     * count exactly its opens of the marker.
     */
    @Test
    @KernelTest
    void countsOpensByCommAndComparesStrings(@TempDir Path dir) throws Exception {
        Path opener = dir.resolve("slc-opener");
        Files.copy(Path.of("/bin/cat"), opener);
        opener.toFile().setExecutable(true);
        Path marker = Files.writeString(dir.resolve("marker"), "x");
        int k = 7;
        List<String> command = new ArrayList<>(List.of(opener.toString()));
        for (int i = 0; i < k; i++) command.add(marker.toString());
        List<CompiledProgram> programs = Scripted.compile("tracepoint syscalls:sys_enter_openat {\n"
                + "    count opens by comm\n"
                + "    when comm == \"slc-opener\" { count mine }\n"
                + "    when comm == \"slc-opener\" and str(args.filename) == \"" + marker + "\" { count marker }\n"
                + "    when comm != \"slc-opener\" and str(args.filename) == \"" + marker + "\" { count others }\n}\n");
        try (LoadedProgram loaded = Kernel.load(programs.get(0));
             Link link = Attach.tracepoint(loaded.program(), "syscalls", "sys_enter_openat")) {
            Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
            child.getInputStream().readAllBytes();
            assertEquals(0, child.waitFor());
            List<CounterValue> counters = loaded.counters();
            long byComm = counters.stream().filter(c -> c.name().equals("opens") && c.key().orElseThrow().equals(List.of("slc-opener")))
                    .mapToLong(CounterValue::value).sum();
            assertTrue(byComm >= k, counters.toString());
            assertEquals(byComm, loaded.counter("mine"), counters.toString());
            assertEquals(k, loaded.counter("marker"), counters.toString());
            assertEquals(0, loaded.counter("others"), counters.toString());
        }
    }

    /**
     * The Java DSL names a tracepoint's fields with {@code args("NAME")} and reads a string with {@code
     * str(...)}: typed values that compile to the script's bytes (the format file types them).
     */
    @Test
    @KernelTest
    void theJavaDslReadsTracepointFieldsAsTheScriptDoes() {
        Program java = tracepoint("syscalls", "sys_enter_openat").when(pid().eq(1).and(str(args("filename")).eq("/etc/passwd")))
                .print("open %s by %d", str(args("filename")), pid()).countBy("modes", args("flags")).end();
        CompiledProgram fromJava = SluiceCompiler.compile(List.of(java), Scripted.TRACEFS).get(0);
        CompiledProgram fromScript = Scripted.compile("tracepoint syscalls:sys_enter_openat {\n"
                + "    when pid == 1 and str(args.filename) == \"/etc/passwd\" {\n"
                + "        print \"open %s by %d\", str(args.filename), pid\n"
                + "        count modes by args.flags\n    }\n}\n").get(0);
        assertEquals(HexFormat.of().formatHex(fromScript.code().encode()), HexFormat.of().formatHex(fromJava.code().encode()));
        assertEquals(fromScript.image().eventFormats(), fromJava.image().eventFormats());
    }

    /** docs/LANGUAGE.md's first look: `print "exec %s by %d", str(args.filename), pid` on the openat tracepoint. */
    @Test
    @KernelTest
    void tracepointPrintsPathsWithStr(@TempDir Path dir) throws Exception {
        Path marker = Files.writeString(dir.resolve("opened-by-the-child"), "x");
        Process child = TargetBinary.start("bash", "-c", "read x; : < " + marker + "; : < " + marker);
        List<CompiledProgram> programs = Scripted.compile("tracepoint syscalls:sys_enter_openat {\n"
                + "    when pid == " + child.pid() + " { print \"open %s by %d\", str(args.filename), pid }\n}\n");
        CompiledProgram program = programs.get(0);
        try (LoadedProgram loaded = Kernel.load(program);
             RingBufferReader events = loaded.openEvents().orElseThrow()) {
            try (Link link = Attach.tracepoint(loaded.program(), "syscalls", "sys_enter_openat")) {
                TargetBinary.release(child);
            } finally {
                child.destroyForcibly();
            }
            List<String> lines = new ArrayList<>();
            events.poll(1000, r -> lines.add(loaded.formatEvent(r)));
            assertEquals(2, lines.stream().filter(l -> l.equals("open " + marker + " by " + child.pid())).count(), lines.toString());
        }
    }
}
