package dev.sluice.cli;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.testing.FrameCondition;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --property "PROGRAM: CONDITION => VERDICT"} of {@code sluice test}: every frame for which
 * CONDITION holds must get VERDICT (a name as {@code test} prints it: pass, drop, tx, abort,
 * redirect, truncate:N) from PROGRAM.
 */
record PropertySpec(String text, CompiledProgram program, FrameCondition condition, String verdict) {
    private static final Pattern FORM = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*:(.*)=>\\s*(\\S+)\\s*");
    private static final Pattern VERDICT = Pattern.compile("pass|drop|tx|abort|redirect|truncate:[0-9]+");

    /** Parses one property against the script's programs (its condition may use the script's sets); a mistake is an {@link IllegalArgumentException} to show as usage. */
    static PropertySpec parse(String text, List<CompiledProgram> programs) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException("--property \"" + text + "\": expected \"PROGRAM: CONDITION => VERDICT\"");
        String name = m.group(1);
        Optional<CompiledProgram> program = programs.stream().filter(p -> p.name().equals(name)).findFirst();
        if (program.isEmpty()) {
            throw new IllegalArgumentException("--property \"" + text + "\": no packet program " + name + " (the file has "
                    + String.join(", ", programs.stream().map(CompiledProgram::name).toList()) + ")");
        }
        String verdict = m.group(3);
        if (!VERDICT.matcher(verdict).matches()) {
            throw new IllegalArgumentException("--property \"" + text + "\": " + verdict
                    + " is not a verdict (pass, drop, tx, abort, redirect or truncate:N)");
        }
        try {
            return new PropertySpec(text.strip(), program.get(), FrameCondition.parse(m.group(2).strip(), program.get().source().sets()), verdict);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--property \"" + text + "\": condition " + e.getMessage(), e);
        }
    }

    /** Whether {@code verdictName} (as {@code test} prints it) is the one the property asks for. */
    boolean satisfiedBy(String verdictName) {
        return verdict.equals(verdictName);
    }
}
