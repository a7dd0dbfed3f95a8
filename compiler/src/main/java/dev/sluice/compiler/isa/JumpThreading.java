package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.CondJump;
import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import dev.sluice.compiler.isa.CodeBuilder.GotoLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * A peephole pass over code with labels, before the jumps are resolved: a jump that lands on a
 * goto goes straight to that goto's target; {@code if c goto +1; goto L} becomes
 * {@code if !c goto L} (unless codegen marked the goto as the straight path's); a goto to the next instruction goes; so does what no path reaches (the
 * kernel's verifier refuses unreachable code). Labels that pointed at a removed instruction point at
 * the next one kept, so source marks stay on their rule's first instruction.
 */
public final class JumpThreading {
    private JumpThreading() {}

    /** Rewrites {@code code}'s instructions in place; code holding jumps with literal offsets is left as it is. */
    public static void apply(CodeBuilder code) {
        List<Entry> entries = code.entries();
        if (hasLiteralJumps(entries)) return;
        boolean changed = true;
        while (changed) {
            changed = thread(entries, code);
            changed |= invert(entries, code);
            changed |= removeDead(entries, code);
        }
    }

    /** Whether some instruction jumps or calls by a literal offset, which a pass moving instructions would break. */
    static boolean hasLiteralJumps(List<Entry> entries) {
        for (Entry e : entries) {
            if (e instanceof Fixed f && (f.insn() instanceof Instruction.Jump || f.insn() instanceof Instruction.Goto
                    || f.insn() instanceof Instruction.Call c && c.kind() == CallKind.LOCAL)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #hasLiteralJumps}, or some bpf-to-bpf function (a call or a function's address): what the
     * passes that walk one function's paths (liveness, the first exit) leave as it is.
     */
    static boolean hasLiteralJumpsOrFunctions(List<Entry> entries) {
        if (hasLiteralJumps(entries)) return true;
        for (Entry e : entries) {
            if (e instanceof CodeBuilder.CallLabel || e instanceof CodeBuilder.FuncAddress) return true;
        }
        return false;
    }

    /** Jumps to a goto take the goto's target (following chains, but never round a loop of gotos). */
    private static boolean thread(List<Entry> entries, CodeBuilder code) {
        boolean changed = false;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Label target = e instanceof CondJump j ? j.target() : e instanceof GotoLabel g && !g.wide() ? g.target() : null;
            if (target == null) continue;
            Label end = target;
            for (int hops = 0; hops < entries.size(); hops++) {
                int at = code.at(end);
                if (at < 0 || at >= entries.size() || at == i || !(entries.get(at) instanceof GotoLabel next) || next.wide()) break;
                end = next.target();
            }
            if (end == target) continue;
            entries.set(i, e instanceof CondJump j ? new CondJump(j.jmp32(), j.op(), j.dst(), j.src(), end) : new GotoLabel(end, false, ((GotoLabel) e).straight()));
            changed = true;
        }
        return changed;
    }

    /** {@code if c goto +1; goto L} (nothing else jumping to the goto) becomes {@code if !c goto L}. */
    private static boolean invert(List<Entry> entries, CodeBuilder code) {
        boolean[] targets = jumpTargets(entries, code);
        boolean[] drop = new boolean[entries.size()];
        boolean changed = false;
        for (int i = 0; i + 1 < entries.size(); i++) {
            if (!(entries.get(i) instanceof CondJump j) || j.op() == JumpOp.JSET) continue;
            if (!(entries.get(i + 1) instanceof GotoLabel g) || g.wide() || g.straight() || targets[i + 1] || drop[i]) continue;
            if (code.at(j.target()) != i + 2) continue;
            entries.set(i, new CondJump(j.jmp32(), j.op().negate(), j.dst(), j.src(), g.target()));
            drop[i + 1] = true;
            changed = true;
        }
        if (changed) remove(entries, code, drop);
        return changed;
    }

    /** Gotos to the next instruction and instructions no path reaches. */
    private static boolean removeDead(List<Entry> entries, CodeBuilder code) {
        int n = entries.size();
        boolean[] reached = new boolean[n];
        // Pushes: the entry, one per call or function address, and at most two per entry reached.
        int[] work = new int[3 * n + 1];
        int top = 0;
        work[top++] = 0;
        for (Entry e : entries) {
            if (e instanceof CodeBuilder.CallLabel || e instanceof CodeBuilder.FuncAddress) work[top++] = code.at(CodeBuilder.targetOf(e));
        }
        while (top > 0) {
            int i = work[--top];
            if (i < 0 || i >= n || reached[i]) continue;
            reached[i] = true;
            Entry e = entries.get(i);
            if (e instanceof CondJump || e instanceof GotoLabel) work[top++] = code.at(CodeBuilder.targetOf(e));
            boolean stops = CodeBuilder.endsPath(e);
            if (!stops) work[top++] = i + 1;
        }
        boolean[] drop = new boolean[n];
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            drop[i] = !reached[i] || entries.get(i) instanceof GotoLabel g && code.at(g.target()) == i + 1;
            changed |= drop[i];
        }
        if (changed) remove(entries, code, drop);
        return changed;
    }

    /** By entry (and the end): whether a jump or goto lands there. */
    static boolean[] jumpTargets(List<Entry> entries, CodeBuilder code) {
        boolean[] targets = new boolean[entries.size() + 1];
        for (Entry e : entries) {
            Label target = CodeBuilder.targetOf(e);
            if (target != null && code.at(target) >= 0) targets[Math.min(code.at(target), entries.size())] = true;
        }
        return targets;
    }

    /** Removes the dropped entries; a label bound to a removed one moves to the next entry kept. */
    static void remove(List<Entry> entries, CodeBuilder code, boolean[] drop) {
        int[] newIndex = new int[entries.size() + 1];
        List<Entry> kept = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            newIndex[i] = kept.size();
            if (!drop[i]) kept.add(entries.get(i));
        }
        newIndex[entries.size()] = kept.size();
        code.replaceEntries(kept, newIndex);
    }
}
