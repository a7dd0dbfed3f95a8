package dev.sluice.tests.codegen;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Operand;
import dev.sluice.compiler.isa.Register;
import dev.sluice.grammar.Scripts;
import dev.sluice.runtime.Tracefs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The side-by-side filters (docs/PERFORMANCE-SIDE-BY-SIDE.md) end their passed frames where the x86
 * JIT puts its return: the first exit in program order is {@code r0 = XDP_PASS; exit}, and no jump
 * lands on another copy of it (each later exit is a jump to the first in the JIT's image, a second
 * taken jump on that path). FirstExit does this; before it, f1-f4 and f6 fell into their drop first.
 */
class FirstExitLayoutTest {
    private static final int XDP_PASS = 2;

    @ParameterizedTest
    @ValueSource(strings = {"01-ssh", "02-ssh-unless-trusted", "03-udp-set", "04-syn-range", "05-cidrs", "06-ip6-https"})
    void passedFramesEndOnTheFirstExit(String name) {
        Scripts.Result parsed = Scripts.parse(Path.of("src/test/resources/golden", name + ".ebpf"));
        assertTrue(parsed.ok(), parsed::render);
        List<CompiledProgram> programs = SluiceCompiler.compile(parsed.script().orElseThrow().programs(), Tracefs::format);
        for (CompiledProgram p : programs) {
            List<Instruction> code = p.code().instructions();
            int first = 0;
            while (!(code.get(first) instanceof Instruction.Exit)) first++;
            assertEquals(XDP_PASS, constantIntoR0(code.get(first - 1)), name + ": the first exit returns " + code.get(first - 1));
            for (int i = 0; i < code.size(); i++) {
                Instruction insn = code.get(i);
                int target = insn instanceof Instruction.Jump j ? i + 1 + j.offset() : insn instanceof Instruction.Goto g ? i + 1 + g.offset() : -1;
                if (target < 0 || target == first - 1 || target + 1 >= code.size()) continue;
                boolean passCopy = constantIntoR0(code.get(target)) == XDP_PASS && code.get(target + 1) instanceof Instruction.Exit;
                assertFalse(passCopy, name + ": instruction " + i + " jumps to a copy of the pass verdict at " + target);
            }
        }
    }

    /** K when {@code insn} is {@code r0 = K}, else -1. */
    private static int constantIntoR0(Instruction insn) {
        return insn instanceof Instruction.Alu a && a.op() == AluOp.MOV && a.dst() == Register.R0 && a.src() instanceof Operand.Imm imm
                ? imm.value() : -1;
    }
}
