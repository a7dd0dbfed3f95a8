package dev.sluice.tests.dsl;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.check.CompileException;
import dev.sluice.dsl.model.Diagnostic;
import dev.sluice.grammar.Scripts;
import java.nio.file.Path;
import java.util.List;

/** Scripts through the grammar and the compiler, for tests. */
final class Scripted {
    private Scripted() {}

    static List<CompiledProgram> compile(String text) {
        Scripts.Result r = Scripts.parse(text, "test.ebpf", Path.of("."));
        assertTrue(r.ok(), r::render);
        return SluiceCompiler.compile(r.script().orElseThrow().programs(), TRACEFS);
    }

    /** Tracepoint formats from the runtime's tracefs, mounted when absent. */
    static final dev.sluice.compiler.trace.TracepointFormats TRACEFS = dev.sluice.runtime.Tracefs::format;

    static List<String> errors(String text) {
        Scripts.Result r = Scripts.parse(text, "test.ebpf", Path.of("."));
        assertTrue(r.ok(), r::render);
        CompileException e = assertThrows(CompileException.class, () -> SluiceCompiler.compile(r.script().orElseThrow().programs(), TRACEFS));
        return e.diagnostics().stream().map(Diagnostic::toString).toList();
    }
}
