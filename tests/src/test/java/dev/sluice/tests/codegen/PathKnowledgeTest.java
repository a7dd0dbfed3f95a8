package dev.sluice.tests.codegen;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Operand;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the packet code knows on its path (docs/COMPILER-PARSE.md, "What the path already knows"): a
 * field a condition showed present is not tested again, and behind IPv4 the fragment offset is
 * read only after the protocol matched.
 */
class PathKnowledgeTest {
    private static List<Instruction> code(dev.sluice.dsl.model.Program program) {
        Code code = SluiceCompiler.compile(program).code();
        return code.instructions();
    }

    /** {@code if rX op imm} with any register: RegisterColouring picks them after codegen. */
    private static boolean isJump(Instruction i, JumpOp op, long imm) {
        return i instanceof Instruction.Jump j && j.op() == op && j.src() instanceof Operand.Imm k && k.value() == imm;
    }

    @Test
    void aFieldShownPresentByTheRulesConditionIsNotTestedAgain() {
        // 'ip' holds exactly when ip.proto (in a register, all ones when absent) is present: one test serves the rule and its key.
        // (At most one: KnownConstantJumps drops the one left where it was just loaded from the packet, never all ones.)
        List<Instruction> code = code(xdp("f7").when(ip()).countBy("protos", ip().proto()).end());
        assertTrue(code.stream().filter(i -> isJump(i, JumpOp.JEQ, -1)).count() <= 1, code.toString());
        // Within one conjunction as well: the second comparison of tcp.dport needs no presence test of its own
        // (ExitJumps copies the rule onto the IPv6 path: at most one test per copy).
        List<Instruction> twice = code(xdp("f").when(tcp().dport().ne(22).and(tcp().dport().gt(1000))).drop());
        assertTrue(twice.stream().filter(i -> isJump(i, JumpOp.JEQ, -1)).count() <= 2, twice.toString());
        assertTrue(twice.stream().filter(i -> isJump(i, JumpOp.JLE, 1000)).count()
                >= twice.stream().filter(i -> isJump(i, JumpOp.JEQ, -1)).count(), twice.toString());
    }

    @Test
    void theIpv4FragmentOffsetIsLoadedAfterTheProtocolTest() {
        List<Instruction> code = code(xdp("f1").when(tcp().dport(22)).drop());
        int protocolTest = -1;
        int fragmentLoad = -1;
        for (int i = 0; i < code.size(); i++) {
            Instruction insn = code.get(i);
            if (protocolTest < 0 && isJump(insn, JumpOp.JNE, 6)) protocolTest = i;
            if (fragmentLoad < 0 && insn instanceof Instruction.Load l && l.size() == Size.H && l.src() != Register.R10 && l.offset() == 6) {
                fragmentLoad = i;
            }
        }
        assertTrue(protocolTest >= 0 && fragmentLoad > protocolTest, "protocol test at " + protocolTest + ", fragment load at " + fragmentLoad
                + ": " + code);
        // A frame of another protocol never reads the offset: a program testing only for UDP loads none behind IPv4.
        List<Instruction> bare = code(xdp("u").when(ip().and(udp())).drop());
        assertTrue(bare.stream().noneMatch(i -> i instanceof Instruction.Load l && l.size() == Size.H && l.offset() == 6), bare.toString());
    }
}
