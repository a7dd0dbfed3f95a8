package dev.sluice.tests.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.elf.ElfWriter;
import dev.sluice.compiler.elf.ProgramObjects;
import dev.sluice.compiler.isa.Disassembler;
import dev.sluice.grammar.Scripts;
import dev.sluice.runtime.Tracefs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bytes every recorded script and example compiles to, so that a change meant to keep behaviour
 * (a refactoring) is shown to keep it: each {@code golden/NAME.ebpf} has a {@code NAME.golden} with its
 * object's SHA-256 and every program's listing. After an intended change of the code, record again
 * with {@code -Dsluice.golden.record=true} and read the diff of the .golden files.
 */
class GoldenBytesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean RECORD = Boolean.getBoolean("sluice.golden.record");

    static Stream<Path> scripts() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("../examples"))) {
            examples = files.filter(p -> p.toString().endsWith(".ebpf")).sorted().toList();
        }
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return Stream.concat(examples.stream(), files.filter(p -> p.toString().endsWith(".ebpf")).sorted().toList().stream());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void compilesToTheRecordedBytes(Path script) throws IOException {
        String actual = golden(script);
        Path recorded = GOLDEN.resolve(script.getFileName().toString().replace(".ebpf", ".golden"));
        if (RECORD) {
            Files.writeString(recorded, actual);
            return;
        }
        assertTrue(Files.exists(recorded), "no recording " + recorded + "; run with -Dsluice.golden.record=true");
        assertEquals(Files.readString(recorded), actual, script + " compiles to other bytes than recorded");
    }

    private static String golden(Path script) throws IOException {
        Scripts.Result parsed = Scripts.parse(script);
        assertTrue(parsed.ok(), parsed::render);
        List<CompiledProgram> programs = SluiceCompiler.compile(parsed.script().orElseThrow().programs(), Tracefs::format);
        byte[] object = ElfWriter.write(ProgramObjects.of(programs));
        StringBuilder out = new StringBuilder("object sha256 ").append(sha256(object)).append('\n');
        for (CompiledProgram p : programs) {
            out.append('\n').append(p.hook().kind()).append(' ').append(p.name()).append(": ").append(p.slots()).append(" slots\n")
                    .append(Disassembler.listing(p.code()));
        }
        return out.toString();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
