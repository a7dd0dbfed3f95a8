package dev.sluice.compiler;

import dev.sluice.compiler.trace.TracepointFormats;

import dev.sluice.compiler.check.CompileException;
import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.dsl.model.Program;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule model to eBPF through the passes {@link Passes} lists, program by program. Every diagnostic of every program is collected before one
 * {@link CompileException} is thrown.
 */
public final class SluiceCompiler {
    private SluiceCompiler() {}

    /** One program; without a name it is called after its hook ({@code xdp_1}). */
    public static CompiledProgram compile(Program program) {
        return compile(List.of(program)).get(0);
    }

    /** Programs of one script: unnamed ones are numbered per hook kind in order (docs/LANGUAGE.md, "Names and files"). */
    public static List<CompiledProgram> compile(List<Program> programs) {
        return compile(programs, CompileOptions.DEFAULT);
    }

    /** As {@link #compile(List)}, reading tracepoint formats (for args.NAME) through {@code formats}. */
    public static List<CompiledProgram> compile(List<Program> programs, TracepointFormats formats) {
        return compile(programs, CompileOptions.DEFAULT.withFormats(formats));
    }

    /**
     * Checks, lowers and generates every program of a script with {@code options}; all diagnostics of all
     * programs are collected and thrown once as a {@link CompileException}, so a user sees every mistake in
     * one run.
     */
    public static List<CompiledProgram> compile(List<Program> programs, CompileOptions options) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<CompiledProgram> out = new ArrayList<>();
        Map<String, Integer> numbers = new HashMap<>();
        for (Program p : programs) {
            int n = numbers.merge(p.hook().kind(), 1, Integer::sum);
            String name = p.nameOr(p.hook().kind() + "_" + n);
            try {
                out.add(Passes.compile(name, p, options));
            } catch (CompileException e) {
                diagnostics.addAll(e.diagnostics());
            }
        }
        if (!diagnostics.isEmpty()) throw new CompileException(diagnostics);
        return out;
    }
}
