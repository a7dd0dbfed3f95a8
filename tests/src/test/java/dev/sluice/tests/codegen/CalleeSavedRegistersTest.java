package dev.sluice.tests.codegen;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.RegisterUse;
import dev.sluice.grammar.Scripts;
import dev.sluice.runtime.Tracefs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The side-by-side filters (docs/PERFORMANCE-SIDE-BY-SIDE.md) name none of r6-r9, as the one-tag C compiled by
 * clang does: the x86 JIT saves and restores each of them a program names, on every run. What keeps
 * them out: registers chosen per value (RegisterColouring), the extension-header loop's fragment
 * note on the stack, and an IPv4 field's all-ones reset behind IPv6's extension headers (f2).
 */
class CalleeSavedRegistersTest {
    @ParameterizedTest
    @ValueSource(strings = {"01-ssh", "02-ssh-unless-trusted", "03-udp-set", "04-syn-range", "05-cidrs", "06-ip6-https", "07-count-proto"})
    void theSideBySideFiltersUseR0ToR5Only(String name) {
        Scripts.Result parsed = Scripts.parse(Path.of("src/test/resources/golden", name + ".ebpf"));
        assertTrue(parsed.ok(), parsed::render);
        List<CompiledProgram> programs = SluiceCompiler.compile(parsed.script().orElseThrow().programs(), Tracefs::format);
        for (CompiledProgram p : programs) {
            for (Instruction insn : p.code().instructions()) {
                int named = RegisterUse.reads(insn) | RegisterUse.writes(insn);
                assertEquals(0, named & ~RegisterUse.CALLER_SAVED & 0x3ff, () -> name + ": " + insn + " names one of r6-r9");
            }
        }
    }
}
