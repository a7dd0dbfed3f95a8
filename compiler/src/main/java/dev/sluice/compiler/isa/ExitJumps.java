package dev.sluice.compiler.isa;

import dev.sluice.compiler.isa.CodeBuilder.CondJump;
import dev.sluice.compiler.isa.CodeBuilder.Entry;
import dev.sluice.compiler.isa.CodeBuilder.Fixed;
import dev.sluice.compiler.isa.CodeBuilder.GotoLabel;
import java.util.ArrayList;
import java.util.List;

/**
 * Tail duplication before the jumps are resolved: a goto on the common path whose target runs, within a few
 * instructions and without a call, into an exit is replaced by a copy of those instructions (the
 * gotos on the way followed, not copied; conditional jumps copied with their labels). On that path
 * a taken jump, which costs the CPU more than a fall-through, becomes none: {@code goto pass} where
 * pass is {@code r0 = 2; exit}, or IPv6's jump into the TCP parse and the rule after it. The copy is
 * the same path's instructions, so the program means what it meant; the original stays while
 * anything else reaches it ({@link JumpThreading} drops it otherwise).
 */
public final class ExitJumps {
    private ExitJumps() {}

    /**
     * The longest copy: the TCP port's parse and a one-port rule (8), the UDP port's and a five-port
     * set (12), a port and a two-field rule (13) fit; a longer one costs more slots than a jump saves.
     */
    static final int MAX_COPY = 13;

    /** Rewrites {@code code} in place; true when a goto was replaced. Code with literal jump offsets is left as it is. */
    public static boolean apply(CodeBuilder code) {
        List<Entry> entries = code.entries();
        if (JumpThreading.hasLiteralJumps(entries)) return false;
        int n = entries.size();
        // Codegen lays out the common path first (the parse's straight path, then the rules) and the
        // rare headers after the rules' exits: only gotos on the common path are worth a copy.
        int hot = 0;
        while (hot < n && !CodeBuilder.isExit(entries.get(hot))) hot++;
        // Or up to where codegen marked the rare headers' code, when that is later: the IPv6 path, laid
        // out after IPv4's exits, is a common path too.
        hot = Math.max(hot, code.offPathStart());
        // A program of many small rules grows by at most an eighth, so its size stays near what codegen planned.
        int budget = 16 + n / 8;
        List<Entry> out = new ArrayList<>(n);
        int[] newIndex = new int[n + 1];
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            newIndex[i] = out.size();
            Entry e = entries.get(i);
            List<Entry> copy = i < hot && e instanceof GotoLabel g && !g.wide() ? pathToExit(code, entries, g.target(), i) : null;
            if (copy == null || copy.size() - 1 > budget) {
                out.add(e);
                continue;
            }
            budget -= copy.size() - 1;
            out.addAll(copy);
            changed = true;
        }
        newIndex[n] = out.size();
        if (changed) code.replaceEntries(out, newIndex);
        return changed;
    }

    /** The instructions from {@code start} to the first exit, gotos followed; null when longer than MAX_COPY, or a call or loop comes first. */
    private static List<Entry> pathToExit(CodeBuilder code, List<Entry> entries, Label start, int from) {
        List<Entry> copy = new ArrayList<>(MAX_COPY);
        int at = code.at(start);
        for (int steps = 0; steps <= 2 * MAX_COPY; steps++) {
            if (at < 0 || at >= entries.size() || at == from) return null;
            Entry e = entries.get(at);
            if (e instanceof GotoLabel g) {
                if (g.wide()) return null;
                at = code.at(g.target());
                continue;
            }
            if (!(e instanceof CondJump) && !(e instanceof Fixed)) return null;
            if (e instanceof Fixed f && f.insn() instanceof Instruction.Call) return null;
            copy.add(e);
            if (copy.size() > MAX_COPY) return null;
            if (CodeBuilder.isExit(e)) return copy;
            at++;
        }
        return null;
    }
}
