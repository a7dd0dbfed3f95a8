package dev.sluice.grammar;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Script;
import dev.sluice.dsl.model.Statement;
import dev.sluice.dsl.model.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model as {@code .ebpf} text that {@link Scripts#parse} reads back to the same model (locations
 * aside): sets first, then programs, one statement a line. A file set prints as its
 * {@code file "PATH"} declaration, so reading it back needs the file.
 */
public final class ScriptPrinter {
    private static final Set<String> KEYWORDS = keywords();
    private static final String INDENT = "    ";

    private ScriptPrinter() {}

    /** The whole script as text: its sets, one a line, then each program after a blank line. */
    public static String print(Script script) {
        StringBuilder out = new StringBuilder();
        for (NamedSet set : script.sets()) out.append(set(set)).append('\n');
        for (Program program : script.programs()) {
            if (out.length() > 0) out.append('\n');
            out.append(program(program));
        }
        return out.toString();
    }

    /** One program; its sets are not printed (a script declares them once for all programs). */
    public static String program(Program program) {
        StringBuilder out = new StringBuilder(header(program)).append(" {\n");
        statements(program.statements(), INDENT, out);
        return out.append("}\n").toString();
    }

    /** One expression, parenthesised only where precedence needs it. */
    public static String expr(Expr e) {
        return ExprPrinter.print(e);
    }

    static String set(NamedSet set) {
        if (set.file().isPresent()) return "set " + set.name() + " = file " + StringLiterals.quote(set.file().get());
        return "set " + set.name() + " = " + ExprPrinter.members(set.members(), set.ranges());
    }

    private static String header(Program program) {
        Hook hook = program.hook();
        String name = program.name().map(n -> " " + n).orElse("");
        if (hook instanceof Hook.Xdp) return "xdp" + name;
        if (hook instanceof Hook.Tc tc) return "tc " + (tc.ingress() ? "ingress" : "egress") + name;
        if (hook instanceof Hook.Socket) return "socket" + name;
        if (hook instanceof Hook.Cgroup c) return "cgroup " + c.cgroupKind().name().toLowerCase() + name;
        // Trace headers have no place for a name in the language.
        if (program.name().isPresent()) {
            throw new IllegalArgumentException(hook.kind() + " programs have no name in .ebpf text: " + program.name().get());
        }
        if (hook instanceof Hook.Kprobe k) return k.kind() + " " + k.symbol();
        if (hook instanceof Hook.Uprobe u) return u.kind() + " " + StringLiterals.quote(u.path()) + " " + u.symbol();
        if (hook instanceof Hook.Tracepoint t) return "tracepoint " + t.category() + ":" + t.event();
        Hook.Profile p = (Hook.Profile) hook;
        return "profile hz " + Long.toUnsignedString(p.hz());
    }

    private static void statements(List<Statement> statements, String indent, StringBuilder out) {
        for (Statement s : statements) {
            out.append(indent);
            if (s instanceof Statement.When w) {
                out.append("when ").append(expr(w.condition()));
                if (w.body().isEmpty()) {
                    out.append(" { }\n");
                } else {
                    out.append(" {\n");
                    statements(w.body(), indent + INDENT, out);
                    out.append(indent).append("}\n");
                }
                continue;
            }
            if (s instanceof Statement.Return r) out.append(verdict(r.verdict()));
            else if (s instanceof Statement.Count c) out.append("count ").append(c.name()).append(key(c.key()));
            else if (s instanceof Statement.Sum sum) out.append("sum ").append(sum.name()).append(' ').append(expr(sum.value())).append(key(sum.key()));
            else if (s instanceof Statement.Hist h) out.append("hist ").append(h.name()).append(' ').append(expr(h.value())).append(key(h.key()));
            else if (s instanceof Statement.Print p) {
                out.append("print ").append(StringLiterals.quote(p.format()));
                for (Expr a : p.args()) out.append(", ").append(expr(a));
            }
            out.append('\n');
        }
    }

    private static String key(List<Expr> key) {
        if (key.isEmpty()) return "";
        if (key.size() == 1) return " by " + expr(key.get(0));
        List<String> parts = new ArrayList<>();
        for (Expr e : key) parts.add(expr(e));
        return " by (" + String.join(", ", parts) + ")";
    }

    private static String verdict(Verdict v) {
        if (v instanceof Verdict.Pass) return "pass";
        if (v instanceof Verdict.Drop) return "drop";
        if (v instanceof Verdict.Tx) return "tx";
        if (v instanceof Verdict.Abort) return "abort";
        if (v instanceof Verdict.Redirect r) return "redirect " + (isName(r.ifname()) ? r.ifname() : StringLiterals.quote(r.ifname()));
        return "truncate " + Long.toUnsignedString(((Verdict.Truncate) v).bytes());
    }

    /** Whether {@code text} reads back as a NAME token rather than as a keyword or something else. */
    static boolean isName(String text) {
        return text.matches("[A-Za-z_][A-Za-z0-9_]*") && !KEYWORDS.contains(text);
    }

    private static Set<String> keywords() {
        Set<String> words = new HashSet<>();
        for (int type = 1; type <= EbpfLexer.VOCABULARY.getMaxTokenType(); type++) {
            String literal = EbpfLexer.VOCABULARY.getLiteralName(type);
            if (literal != null && literal.matches("'[a-z0-9]+'")) words.add(literal.substring(1, literal.length() - 1));
        }
        return Set.copyOf(words);
    }
}
