package dev.sluice.cli;

import dev.sluice.compiler.CompileOptions;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.check.CompileException;
import dev.sluice.grammar.Scripts;
import dev.sluice.runtime.AppliedRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * The programs of applied rules, compiled again from the script their record keeps (sets written
 * out, so no file is read): the image says which pinned map holds which counter or set.
 */
final class AppliedScript {
    private AppliedScript() {}

    static List<CompiledProgram> compile(String name, AppliedRecord record) {
        Scripts.Result parsed = Scripts.parse(record.script(), record.scriptPath() + " (as applied)", Path.of(""));
        if (!parsed.ok()) {
            throw new CliFailure(ExitCodes.BAD_INPUT, name + ": the applied script does not parse: " + parsed.diagnostics().get(0));
        }
        try {
            return SluiceCompiler.compile(parsed.script().orElseThrow().programs(),
                    CompileOptions.DEFAULT.withFormats(dev.sluice.runtime.Tracefs::format));
        } catch (CompileException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, name + ": the applied script no longer compiles: " + e.diagnostics().get(0));
        }
    }
}
