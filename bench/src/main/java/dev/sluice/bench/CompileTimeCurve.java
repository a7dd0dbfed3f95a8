package dev.sluice.bench;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.check.CompileException;
import dev.sluice.compiler.codegen.FilterCodegen;
import dev.sluice.compiler.codegen.MapLayout;
import dev.sluice.compiler.lower.FilterProgram;
import dev.sluice.compiler.elf.ElfWriter;
import dev.sluice.compiler.elf.ProgramObjects;
import dev.sluice.dsl.model.Program;
import dev.sluice.grammar.Scripts;
import java.nio.file.Path;
import java.util.List;

/**
 * The growth of compile time with the number of rules, doubling from 3,125 to 100,000, as
 * {@code sluice compile} spends it on one-line rules of {@link CompileTimeBenchmark}'s shape: parse
 * the script text, compile (check, lowering, code generation, size limit, verifier gate) and write
 * the object with line info; and code generation alone from the lowered form. Programs over the
 * kernel's 1,000,000 instructions are refused after code generation: their compile column is the
 * time to that refusal. Minimum of {@code --runs} (3) runs per size; "x" is the ratio to the size
 * before (n log n per doubling is about 2.1).
 * Run: {@code java -cp bench/target/benchmarks.jar dev.sluice.bench.CompileTimeCurve [--runs N]}.
 */
public final class CompileTimeCurve {
    private CompileTimeCurve() {}

    /** One size's minimum times in ms, and whether the compiler refused the program as too large. */
    record Times(int rules, double parse, double compile, double write, double codegen, boolean refused) {}

    public static void main(String[] args) {
        int runs = args.length == 2 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 3;
        System.out.println("| rules | parse ms | x | compile ms | x | write ms | x | codegen alone ms | x | result |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        Times before = null;
        for (int n = 3125; n <= 100_000; n *= 2) {
            Times t = measure(n, runs);
            System.out.printf("| %,d | %.0f | %s | %.0f | %s | %s | %s | %.0f | %s | %s |%n", n, t.parse(), ratio(t.parse(), before == null ? 0 : before.parse()),
                    t.compile(), ratio(t.compile(), before == null ? 0 : before.compile()),
                    t.refused() ? "-" : String.format("%.0f", t.write()), t.refused() || before == null || before.refused() ? "" : ratio(t.write(), before.write()),
                    t.codegen(), ratio(t.codegen(), before == null ? 0 : before.codegen()),
                    t.refused() ? "refused: over 1,000,000 instructions" : "object written");
            before = t;
        }
    }

    private static String ratio(double now, double before) {
        return before <= 0 ? "" : String.format("%.2f", now / before);
    }

    static Times measure(int n, int runs) {
        String text = script(n);
        double parse = Double.MAX_VALUE, compile = Double.MAX_VALUE, write = Double.MAX_VALUE, codegen = Double.MAX_VALUE;
        boolean refused = false;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            Scripts.Result parsed = Scripts.parse(text, "rules.ebpf", Path.of(""));
            List<Program> programs = parsed.script().orElseThrow(() -> new IllegalStateException(parsed.diagnostics().toString())).programs();
            long t1 = System.nanoTime();
            List<CompiledProgram> compiled = List.of();
            try {
                compiled = SluiceCompiler.compile(programs);
            } catch (CompileException e) {
                refused = true;
            }
            long t2 = System.nanoTime();
            if (!refused) {
                String[] lines = text.split("\n", -1);
                ElfWriter.write(ProgramObjects.of(compiled, at -> at.line() >= 1 && at.line() <= lines.length ? lines[at.line() - 1].strip() : ""));
            }
            long t3 = System.nanoTime();
            FilterProgram lowered = CompileTimeBenchmark.rules(n);
            FilterCodegen.compile(lowered, MapLayout.of(lowered));
            long t4 = System.nanoTime();
            parse = Math.min(parse, (t1 - t0) / 1e6);
            compile = Math.min(compile, (t2 - t1) / 1e6);
            write = Math.min(write, (t3 - t2) / 1e6);
            codegen = Math.min(codegen, (t4 - t3) / 1e6);
        }
        return new Times(n, parse, compile, write, codegen, refused);
    }

    /** The rules of {@link CompileTimeBenchmark#ruleModel} as script text, one rule a line. */
    static String script(int n) {
        StringBuilder text = new StringBuilder("xdp rules {\n");
        for (int i = 0; i < n; i++) {
            long a = 0x0a000000L + i;
            text.append("    when ip.src == ").append(a >>> 24).append('.').append((a >>> 16) & 0xff).append('.')
                    .append((a >>> 8) & 0xff).append('.').append(a & 0xff).append(" and udp.dport == ").append(1024 + i % 60000)
                    .append(" { count c").append(i % 16).append(" drop }\n");
        }
        return text.append("}\n").toString();
    }
}
