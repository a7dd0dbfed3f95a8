package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.Instruction.*;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link Code} with jumps to {@link Label}s that are resolved by {@link #build()}. A goto
 * whose distance does not fit 16 bits becomes a {@code gotol}; a conditional jump that far becomes
 * a short jump over a {@code gotol}.
 */
public final class CodeBuilder {

    /** One instruction as added: fixed, or jumping to (or naming) a label. */
    sealed interface Entry {}

    record Fixed(Instruction insn) implements Entry {}

    record CondJump(boolean jmp32, JumpOp op, Register dst, Operand src, Label target) implements Entry {}

    /** {@code straight}: the path codegen lays out as the common one goes on at the target (see {@link #goToStraight}). */
    record GotoLabel(Label target, boolean wide, boolean straight) implements Entry {
        GotoLabel(Label target, boolean wide) {
            this(target, wide, false);
        }
    }

    record CallLabel(Label target) implements Entry {}

    record FuncAddress(Register dst, Label target) implements Entry {}

    private final List<Entry> entries = new ArrayList<>();
    /** By label id: the index in {@link #entries()} the label is bound to, or -1 while it is not. */
    private int[] positions = new int[64];

    /** Where code off the common path starts (codegen's rare headers), or null: see {@link #markOffPath}. */
    private Label offPath;

    /**
     * Marks the end of the common path: what follows (the rare headers' code) is off it, for
     * {@link ExitJumps}. The first mark holds; later calls change nothing.
     */
    public CodeBuilder markOffPath() {
        if (offPath == null) {
            offPath = newLabel("off_path");
            bind(offPath);
        }
        return this;
    }

    /** The index in {@link #entries()} where code off the common path starts, or -1 when none was marked. */
    int offPathStart() {
        return offPath == null ? -1 : at(offPath);
    }

    /** The instructions added so far, for a pass that rewrites them before {@link #build()} (see {@link JumpThreading}). */
    List<Entry> entries() {
        return entries;
    }

    /** Where {@code label} points into {@link #entries()}, or -1 while it is unbound, for the same passes. */
    int at(Label label) {
        if (label.owner != this) throw new IllegalArgumentException("label " + label + " belongs to another code builder");
        return positions[label.id];
    }

    /**
     * Replaces every entry with {@code replacement}, where entry {@code i} became {@code newIndex[i]}
     * ({@code newIndex[size]}: the end), the labels moved with them: the last step of a pass that rewrites.
     */
    void replaceEntries(List<Entry> replacement, int[] newIndex) {
        List<Entry> entries = entries();
        entries.clear();
        entries.addAll(replacement);
        moveLabels(newIndex);
    }

    /** Moves every bound label from entry {@code i} to {@code newIndex[i]} (the last slot: past the end), for the same passes. */
    private void moveLabels(int[] newIndex) {
        for (int id = 0; id < labelCount; id++) {
            if (positions[id] >= 0) positions[id] = newIndex[Math.min(positions[id], newIndex.length - 1)];
        }
    }

    private int labelCount;

    /** A fresh label bound to entry {@code index} of {@link #entries()}, for passes that jump to an instruction no label names yet. */
    Label labelAt(int index) {
        Label label = newLabel();
        positions[label.id] = index;
        return label;
    }

    /** A fresh unbound label, named {@code L0}, {@code L1}, ... in listings. */
    public Label newLabel() {
        return newLabel("L" + labelCount);
    }

    /** A fresh unbound label with {@code name} for error messages; names need not be unique. */
    public Label newLabel(String name) {
        if (labelCount == positions.length) positions = Arrays.copyOf(positions, 2 * labelCount);
        positions[labelCount] = -1;
        return new Label(this, labelCount++, name);
    }

    /** Binds {@code label} to the next instruction added. */
    public CodeBuilder bind(Label label) {
        if (at(label) >= 0) throw new IllegalStateException("label " + label + " is bound twice");
        positions[label.id] = entries.size();
        return this;
    }

    /** Appends an instruction as it is; its offsets, if any, are taken literally. */
    public CodeBuilder add(Instruction insn) {
        entries.add(new Fixed(insn));
        return this;
    }

    /** {@code if dst OP src goto target}, comparing 64 bits. */
    public CodeBuilder jump(JumpOp op, Register dst, Register src, Label target) {
        entries.add(new CondJump(false, op, dst, Operand.reg(src), target));
        return this;
    }

    /** {@code if dst OP imm goto target}, comparing 64 bits with the immediate sign-extended. */
    public CodeBuilder jump(JumpOp op, Register dst, int imm, Label target) {
        entries.add(new CondJump(false, op, dst, Operand.imm(imm), target));
        return this;
    }

    /** {@code if dst OP src goto target}, comparing the low 32 bits. */
    public CodeBuilder jump32(JumpOp op, Register dst, Register src, Label target) {
        entries.add(new CondJump(true, op, dst, Operand.reg(src), target));
        return this;
    }

    /** {@code if dst OP imm goto target}, comparing the low 32 bits. */
    public CodeBuilder jump32(JumpOp op, Register dst, int imm, Label target) {
        entries.add(new CondJump(true, op, dst, Operand.imm(imm), target));
        return this;
    }

    /** {@code if dst OP src goto target}, comparing the low 32 bits when {@code jmp32}, else 64. */
    public CodeBuilder jump(boolean jmp32, JumpOp op, Register dst, Operand src, Label target) {
        entries.add(new CondJump(jmp32, op, dst, src, target));
        return this;
    }

    /** {@code goto target}: a {@code ja}, or a {@code gotol} when the distance does not fit 16 bits. */
    public CodeBuilder goTo(Label target) {
        entries.add(new GotoLabel(target, false));
        return this;
    }

    /**
     * {@code goto target} where the common path goes on: {@link JumpThreading} does not fold it into
     * a conditional jump just before it ({@code if c goto +1; goto L} stays, so the common case does
     * not become that jump's taken side), and {@link ExitJumps} may replace it by a copy of its path.
     */
    public CodeBuilder goToStraight(Label target) {
        entries.add(new GotoLabel(target, false, true));
        return this;
    }

    /** A {@code gotol} (ISA v4) to {@code target} even when a 16-bit {@code ja} would reach. */
    public CodeBuilder goToWide(Label target) {
        entries.add(new GotoLabel(target, true));
        return this;
    }

    /** A bpf-to-bpf call to the function starting at {@code target}. */
    public CodeBuilder callLocal(Label target) {
        entries.add(new CallLabel(target));
        return this;
    }

    /** Calls {@code helper}. */
    public CodeBuilder call(Helper helper) {
        return call(helper.id());
    }

    /** {@code dst = &function} (a 64-bit load of a function's address, for callbacks such as bpf_loop). */
    public CodeBuilder loadFunction(Register dst, Label target) {
        entries.add(new FuncAddress(dst, target));
        return this;
    }

    /** Appends {@code dst = src}. */
    public CodeBuilder mov64(Register dst, Register src) {
        return add(Insns.mov64(dst, src));
    }

    /** Appends {@code dst = imm}, sign-extended to 64 bits. */
    public CodeBuilder mov64(Register dst, int imm) {
        return add(Insns.mov64(dst, imm));
    }

    /** Appends {@code dst OP= src} in 64 bits. */
    public CodeBuilder alu64(AluOp op, Register dst, Register src) {
        return add(Insns.alu64(op, dst, src));
    }

    /** Appends {@code dst OP= imm} in 64 bits, the immediate sign-extended. */
    public CodeBuilder alu64(AluOp op, Register dst, int imm) {
        return add(Insns.alu64(op, dst, imm));
    }

    /** Appends {@code dst OP= src} on the low 32 bits, the result zero-extended. */
    public CodeBuilder alu32(AluOp op, Register dst, Register src) {
        return add(Insns.alu32(op, dst, src));
    }

    /** Appends {@code dst OP= imm} on the low 32 bits, the result zero-extended. */
    public CodeBuilder alu32(AluOp op, Register dst, int imm) {
        return add(Insns.alu32(op, dst, imm));
    }

    /** Appends {@code dst = *(size *)(src + offset)}, zero-extended. */
    public CodeBuilder load(Size size, Register dst, Register src, int offset) {
        return add(Insns.load(size, dst, src, offset));
    }

    /** Appends {@code *(size *)(dst + offset) = src}. */
    public CodeBuilder store(Size size, Register dst, int offset, Register src) {
        return add(Insns.store(size, dst, offset, src));
    }

    /** Appends {@code *(size *)(dst + offset) = imm}. */
    public CodeBuilder store(Size size, Register dst, int offset, int imm) {
        return add(Insns.store(size, dst, offset, imm));
    }

    /** Appends {@code dst = imm}, a two-slot 64-bit constant load. */
    public CodeBuilder loadImm64(Register dst, long imm) {
        return add(Insns.ldImm64(dst, imm));
    }

    /** Appends a call of the kernel helper with id {@code helperId}. */
    public CodeBuilder call(int helperId) {
        return add(Insns.call(helperId));
    }

    /** Appends {@code exit}. */
    public CodeBuilder exit() {
        return add(Insns.exit());
    }

    /** The number of instructions added so far (a long form of a jump still counts once). */
    public int size() {
        return entries.size();
    }

    /** After {@link #build()}: the index in the built code of the instruction {@code label} is bound to. */
    public int indexOf(Label label) {
        if (builtIndex == null) throw new IllegalStateException("the code is not built yet");
        int at = at(label);
        if (at < 0) throw new IllegalStateException("label " + label + " is never bound");
        return builtIndex[Math.min(at, builtIndex.length - 1)];
    }

    private int[] builtIndex;

    /**
     * The code with every label resolved to a relative offset, long jump forms where needed;
     * IllegalStateException when a jump targets a label never bound or bound past the last instruction.
     */
    public Code build() {
        for (Entry e : entries) {
            Label target = targetOf(e);
            if (target == null) continue;
            int at = at(target);
            if (at < 0) throw new IllegalStateException("jump to label " + target + " which is never bound");
            if (at >= entries.size()) {
                throw new IllegalStateException("label " + target + " is bound after the last instruction");
            }
        }
        int n = entries.size();
        boolean[] far = new boolean[n];
        int[] start;
        boolean changed;
        do {
            start = layout(far);
            changed = false;
            for (int i = 0; i < n; i++) {
                if (entries.get(i) instanceof CondJump j && !far[i]) {
                    int offset = start[at(j.target())] - (start[i] + 1);
                    if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
                        far[i] = true;
                        changed = true;
                    }
                }
            }
        } while (changed);

        List<Instruction> out = new ArrayList<>(n);
        builtIndex = new int[n + 1];
        for (int i = 0; i < n; i++) {
            builtIndex[i] = out.size();
            Entry e = entries.get(i);
            if (e instanceof Fixed f) {
                out.add(f.insn());
                continue;
            }
            int target = start[at(targetOf(e))];
            if (e instanceof CondJump j) {
                if (!far[i]) {
                    out.add(new Jump(j.jmp32(), j.op(), j.dst(), j.src(), target - (start[i] + 1)));
                } else {
                    // if cond goto +1; ja +1; gotol target: works for JSET, which has no negation.
                    out.add(new Jump(j.jmp32(), j.op(), j.dst(), j.src(), 1));
                    out.add(new Goto(1, false));
                    out.add(new Goto(target - (start[i] + 3), true));
                }
            } else if (e instanceof GotoLabel g) {
                int offset = target - (start[i] + 1);
                boolean wide = g.wide() || offset < Short.MIN_VALUE || offset > Short.MAX_VALUE;
                out.add(new Goto(offset, wide));
            } else if (e instanceof CallLabel) {
                out.add(new Call(CallKind.LOCAL, target - (start[i] + 1)));
            } else if (e instanceof FuncAddress fa) {
                out.add(new LoadImm64(fa.dst(), Pseudo.FUNC, target - (start[i] + 1)));
            }
        }
        builtIndex[n] = out.size();
        return new Code(out);
    }

    /** Slot index of each entry given which conditional jumps take their long form. */
    private int[] layout(boolean[] far) {
        int[] start = new int[entries.size() + 1];
        int slot = 0;
        for (int i = 0; i < entries.size(); i++) {
            start[i] = slot;
            Entry e = entries.get(i);
            if (e instanceof Fixed f) {
                slot += f.insn().slots();
            } else if (e instanceof FuncAddress) {
                slot += 2;
            } else if (e instanceof CondJump && far[i]) {
                slot += 3;
            } else {
                slot += 1;
            }
        }
        start[entries.size()] = slot;
        return start;
    }

    /** Whether {@code e} is an {@code exit}. */
    static boolean isExit(Entry e) {
        return e instanceof Fixed f && f.insn() instanceof Exit;
    }

    /** Whether no path goes on from {@code e} to the next entry: a goto or an exit. */
    static boolean endsPath(Entry e) {
        return e instanceof GotoLabel || isExit(e);
    }

    static Label targetOf(Entry e) {
        if (e instanceof CondJump j) return j.target();
        if (e instanceof GotoLabel g) return g.target();
        if (e instanceof CallLabel c) return c.target();
        if (e instanceof FuncAddress f) return f.target();
        return null;
    }
}
