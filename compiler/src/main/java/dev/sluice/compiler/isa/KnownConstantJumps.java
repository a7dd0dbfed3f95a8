package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.CondJump;
import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import dev.sluice.compiler.isa.CodeBuilder.GotoLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * Conditional jumps whose outcome the path already decides, before the jumps are resolved. Codegen
 * sets registers to constants that later tests read (r6 = -1, "absent", before the parse; a loop
 * counter set to 0 before its first test), and on some paths nothing changes them in between: there
 * the test costs an instruction, and where it is taken, a jump. A forward walk in code order
 * tracks which registers and stack slots hold a known constant ({@code PathFacts}), joining the facts of every edge into an
 * instruction; the entry and a function's start know nothing, and a loop head (the target of a
 * backward jump, such as the VLAN loop's second dispatch into IPv6) takes its back edges' facts from
 * the walk before, walked again until they settle. Then a conditional jump decided on every path into it becomes a goto or
 * goes, and a jump or goto landing on a conditional jump that its own path decides goes straight to
 * where that one leads. Dead code and gotos to the next instruction are left to {@link JumpThreading}.
 */
public final class KnownConstantJumps {
    private KnownConstantJumps() {}

    /** Walks before the facts at loop heads settle are given up: the code keeps its jumps then. */
    private static final int MAX_WALKS = 8;

    /** Rewrites {@code code} in place; true when a jump changed. Code with literal jump offsets is left as it is. */
    public static boolean apply(CodeBuilder code) {
        List<Entry> entries = code.entries();
        if (JumpThreading.hasLiteralJumps(entries)) return false;
        int n = entries.size();
        boolean[] knowsNothing = new boolean[n + 1];
        boolean[] loopHead = new boolean[n + 1];
        knowsNothing[0] = true;
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            Label target = CodeBuilder.targetOf(e);
            if (target == null) continue;
            int at = code.at(target);
            if (at < 0 || at > n) continue;
            if (e instanceof CodeBuilder.CallLabel || e instanceof CodeBuilder.FuncAddress) knowsNothing[at] = true;
            else if (at <= i) loopHead[at] = true;
        }
        // A loop head's facts start as "nothing reaches it" and widen with each walk until a walk adds nothing.
        PathFacts[] atLoopHead = new PathFacts[n + 1];
        for (int walk = 0; walk < MAX_WALKS; walk++) {
            PathFacts[] backEdges = new PathFacts[n + 1];
            List<Entry> rewritten = new ArrayList<>(entries);
            boolean changed = walk(code, entries, rewritten, knowsNothing, atLoopHead, backEdges);
            boolean settled = true;
            for (int i = 0; i < n; i++) {
                if (!loopHead[i] || backEdges[i] == null) continue;
                PathFacts widened = backEdges[i].join(atLoopHead[i]);
                if (!widened.equals(atLoopHead[i])) {
                    atLoopHead[i] = widened;
                    settled = false;
                }
            }
            if (!settled) continue;
            if (changed) {
                entries.clear();
                entries.addAll(rewritten);
            }
            return changed;
        }
        return false;
    }

    /** One walk in code order under the loop heads' facts so far; the back edges' facts go to {@code backEdges}. */
    private static boolean walk(CodeBuilder code, List<Entry> entries, List<Entry> rewritten, boolean[] knowsNothing,
            PathFacts[] atLoopHead, PathFacts[] backEdges) {
        int n = entries.size();
        PathFacts[] incoming = new PathFacts[n + 1];
        boolean changed = false;
        PathFacts flowing = null;
        for (int i = 0; i < n; i++) {
            PathFacts in = knowsNothing[i] ? PathFacts.NONE : join(join(incoming[i], flowing), atLoopHead[i]);
            flowing = null;
            if (in == null) continue; // nothing reaches it (yet): JumpThreading drops it
            Entry e = entries.get(i);
            if (e instanceof CondJump j) {
                Boolean taken = outcome(j, in);
                if (taken == null) {
                    changed |= thread(code, entries, rewritten, i, j.target(), in);
                    pass(incoming, backEdges, code.at(j.target()), in, i);
                    flowing = in;
                } else if (taken) {
                    rewritten.set(i, new GotoLabel(j.target(), false));
                    changed = true;
                    pass(incoming, backEdges, code.at(j.target()), in, i);
                } else if (i + 1 < n) {
                    // Never taken: a goto to the next instruction, which JumpThreading drops.
                    rewritten.set(i, new GotoLabel(code.labelAt(i + 1), false));
                    changed = true;
                    flowing = in;
                }
            } else if (e instanceof GotoLabel g) {
                if (!g.wide()) changed |= thread(code, entries, rewritten, i, g.target(), in);
                pass(incoming, backEdges, code.at(g.target()), in, i);
            } else if (e instanceof Fixed f) {
                if (!(f.insn() instanceof Instruction.Exit)) flowing = in.after(f.insn());
            } else if (e instanceof CodeBuilder.CallLabel) {
                flowing = in.afterCall();
            } else if (e instanceof CodeBuilder.FuncAddress fa) {
                flowing = in.forget(RegisterUse.bit(fa.dst()));
            }
        }
        return changed;
    }

    private static PathFacts join(PathFacts a, PathFacts b) {
        return a == null ? b : a.join(b);
    }

    private static void pass(PathFacts[] incoming, PathFacts[] backEdges, int at, PathFacts facts, int from) {
        if (at < 0 || at >= incoming.length) return;
        if (at > from) incoming[at] = facts.join(incoming[at]);
        else backEdges[at] = facts.join(backEdges[at]);
    }

    /**
     * A jump at {@code from} whose target is a conditional jump that {@code facts} decide goes where
     * that one would send it. The path through the target is the same path, one jump shorter, so the
     * facts already gathered for the new target stay true.
     */
    private static boolean thread(CodeBuilder code, List<Entry> entries, List<Entry> rewritten, int from, Label target, PathFacts facts) {
        int at = code.at(target);
        if (at == from || at < 0 || at >= entries.size() || !(entries.get(at) instanceof CondJump next)) return false;
        Boolean taken = outcome(next, facts);
        if (taken == null) return false;
        Label to = taken ? next.target() : code.labelAt(at + 1);
        if (code.at(to) >= entries.size()) return false;
        Entry e = rewritten.get(from);
        rewritten.set(from, e instanceof CondJump j ? new CondJump(j.jmp32(), j.op(), j.dst(), j.src(), to) : new GotoLabel(to, false, ((GotoLabel) e).straight()));
        return true;
    }

    /** Whether {@code j} jumps under {@code facts}: true, false, or null when they do not decide it. */
    private static Boolean outcome(CondJump j, PathFacts facts) {
        Long dst = facts.value(j.dst());
        Long src = j.src() instanceof Operand.Imm imm ? Long.valueOf(imm.value()) : facts.value(((Operand.Reg) j.src()).register());
        if (dst == null && src != null && src < 0 && !j.jmp32() && facts.narrow(j.dst())) {
            // A value below 2^32 against a negative immediate (2^64 - |imm| unsigned): the parse's "absent" all ones.
            return switch (j.op()) {
                case JEQ, JGT, JGE -> false;
                case JNE, JLT, JLE -> true;
                default -> null;
            };
        }
        if (dst == null || src == null) return null;
        return j.op().holds(j.jmp32(), dst, src);
    }
}
