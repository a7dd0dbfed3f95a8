package dev.sluice.tests.differential;

import static dev.sluice.compiler.isa.Register.*;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.AtomicOp;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Operand;
import dev.sluice.compiler.isa.Register;
import dev.sluice.compiler.isa.Size;
import java.util.List;

/**
 * A random program as a tree, so that jqwik shrinks it structurally: straight-line instructions and
 * if/else blocks (forward jumps only, so every program terminates and every instruction is
 * reachable). Compiled with a prologue that gives every register r0-r9 and the first
 * {@link #STACK_BYTES} of the stack a known value, and an epilogue that mixes all registers and
 * those stack bytes into r0 and folds its high half into the low one, so the 32-bit return value
 * of BPF_PROG_TEST_RUN reflects the whole final state.
 */
public record RandomProgram(List<Long> registers, List<Long> stack, PacketAccess packet, List<Stmt> body) {
    /** Bytes of stack below r10 that the program may use, all initialised by the prologue. */
    public static final int STACK_BYTES = 64;

    public sealed interface Stmt {}

    /** One straight-line instruction: no jumps, no calls. */
    public record Op(Instruction insn) implements Stmt {
        @Override
        public String toString() {
            return insn.toString();
        }
    }

    /** {@code if (cond) { then } else { orElse }}; {@code longGoto} uses gotol to skip the else block. */
    public record If(boolean jmp32, JumpOp op, Register dst, Operand src, List<Stmt> then, List<Stmt> orElse,
                     boolean longGoto) implements Stmt {}

    /**
     * Packet loads behind one bounds check: when the packet has at least {@code checkedBytes}, each
     * load (offset, size) reads from the packet into a register; otherwise the loads are skipped.
     * The context pointer is kept in r6 until then. None when {@code checkedBytes} is 0.
     */
    public record PacketAccess(int checkedBytes, List<PacketLoad> loads) {
        public static final PacketAccess NONE = new PacketAccess(0, List.of());
    }

    public record PacketLoad(Size size, int offset, Register dst) {}

    public Code compile() {
        return compile(b -> {});
    }

    /** The program with {@code passes} run over its labelled code before the jumps are resolved. */
    public Code compile(java.util.function.Consumer<CodeBuilder> passes) {
        CodeBuilder b = new CodeBuilder();
        boolean[] loaded = new boolean[10];
        if (packet.checkedBytes() > 0) {
            // Registers the loads write get their start value first: the short-packet path skips the loads.
            for (PacketLoad l : packet.loads()) {
                loaded[l.dst().number()] = true;
                b.loadImm64(l.dst(), registers.get(l.dst().number()));
            }
            Label skip = b.newLabel("short_packet");
            b.load(Size.W, R2, R1, 0).load(Size.W, R3, R1, 4)
                    .mov64(R4, R2).alu64(AluOp.ADD, R4, packet.checkedBytes())
                    .jump(JumpOp.JGT, R4, R3, skip);
            for (PacketLoad l : packet.loads()) b.load(l.size(), l.dst(), R2, l.offset());
            b.bind(skip);
        }
        for (int r = 0; r < 10; r++) {
            if (!loaded[r] && r != 1) b.loadImm64(Register.of(r), registers.get(r));
        }
        for (int i = 0; i < STACK_BYTES / 8; i++) {
            b.loadImm64(R1, stack.get(i)).store(Size.DW, R10, -8 * (i + 1), R1);
        }
        b.loadImm64(R1, registers.get(1));
        emit(b, body);
        // Epilogue: r0 = mix(r0..r9, stack), then the high half folded into the low one.
        for (int r = 1; r < 10; r++) {
            b.alu64(AluOp.MUL, R0, 0x01000193).alu64(AluOp.XOR, R0, Register.of(r));
        }
        for (int i = 0; i < STACK_BYTES / 8; i++) {
            b.load(Size.DW, R1, R10, -8 * (i + 1)).alu64(AluOp.MUL, R0, 0x01000193).alu64(AluOp.XOR, R0, R1);
        }
        b.mov64(R1, R0).alu64(AluOp.RSH, R1, 32).alu64(AluOp.XOR, R0, R1).exit();
        passes.accept(b);
        return b.build();
    }

    private static void emit(CodeBuilder b, List<Stmt> stmts) {
        for (Stmt s : stmts) {
            if (s instanceof Op op) {
                b.add(op.insn());
                if (op.insn() instanceof Instruction.Atomic a && a.size() == Size.W && a.op() == AtomicOp.CMPXCHG) {
                    // Kernel quirk found by this test: after a successful 32-bit cmpxchg, x86 leaves r0's
                    // upper half unwritten, and in some programs the verifier does not insert the zero
                    // extension the ISA promises (docs/INSTRUCTIONS.md). Make it explicit.
                    b.add(new Instruction.Alu(false, AluOp.MOV, R0, Operand.reg(R0)));
                }
            } else if (s instanceof If f) {
                Label orElse = b.newLabel();
                Label end = b.newLabel();
                // The jump is taken when the condition holds, so "then" is the jump target.
                b.jump(f.jmp32(), f.op(), f.dst(), f.src(), orElse);
                emit(b, f.orElse());
                if (f.longGoto()) b.goToWide(end);
                else b.goTo(end);
                b.bind(orElse);
                emit(b, f.then());
                // The epilogue always follows, so "end" is never bound past the last instruction.
                b.bind(end);
            }
        }
    }
}
