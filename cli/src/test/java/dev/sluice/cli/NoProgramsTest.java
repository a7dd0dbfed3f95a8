package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** docs/CLI.md, "Empty scripts": a rules file without a program is a script error for every command, and writes nothing. */
class NoProgramsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> emptyRules() {
        List<String> files = List.of("empty.ebpf:", "comments.ebpf:# nothing yet\n// still nothing\n",
                "blank.ebpf:\n\n   \n", "Empty.java:public class Empty { static int notAProgram = 1; }\n");
        List<String> commands = List.of("compile", "compile -o", "check", "test", "run");
        return files.stream().flatMap(f -> commands.stream().map(c -> Arguments.of(c, f.substring(0, f.indexOf(':')),
                f.substring(f.indexOf(':') + 1))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("emptyRules")
    void everyCommandRefusesAFileWithoutPrograms(String command, String name, String text) throws Exception {
        Path rules = dir.resolve(name);
        Files.writeString(rules, text);
        Path output = dir.resolve("out.o");
        String[] args = switch (command) {
            case "compile" -> new String[] {"compile", rules.toString()};
            case "compile -o" -> new String[] {"compile", rules.toString(), "-o", output.toString()};
            case "test" -> new String[] {"test", rules.toString(), "--pcap", TestCommandTest.capture(dir).toString()};
            case "run" -> new String[] {"run", rules.toString(), "--duration", "1"};
            default -> new String[] {command, rules.toString()};
        };
        MainTest.Outcome o = MainTest.run(args);
        assertEquals(ExitCodes.SCRIPT_ERROR, o.code(), o.err());
        // Java rules say more: which class has no program field or method.
        assertEquals(name.endsWith(".java") ? rules + ":1:1: Empty has no public static field or method of type Program"
                : rules + ": no programs", o.err().lines().findFirst().orElse(""), o.err());
        if (name.endsWith(".ebpf")) assertEquals(1, o.err().lines().count(), o.err());
        assertEquals("", o.out());
        assertFalse(Files.exists(output), "no object written");
        String stem = name.substring(0, name.lastIndexOf('.'));
        assertFalse(Files.exists(Path.of(stem + ".o")), "no default object written");
    }
}
