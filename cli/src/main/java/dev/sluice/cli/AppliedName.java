package dev.sluice.cli;

import dev.sluice.runtime.PinName;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The NAME applied rules go by: given with --name, or the rules file's name without its extension
 * and with dots as underscores (bpffs refuses names with a dot). Letters, digits, _ and - only.
 */
final class AppliedName {
    private AppliedName() {}

    static String of(String given, Path file, CommandLine command) {
        String name = given;
        if (name == null) {
            String base = file.getFileName().toString();
            int dot = base.lastIndexOf('.');
            name = (dot > 0 ? base.substring(0, dot) : base).replace('.', '_');
        }
        return check(name, given == null ? "the name taken from " + file.getFileName() : "--name", command);
    }

    /** {@code name} when bpffs and a shell take it as it is; else a usage error. */
    static String check(String name, String what, CommandLine command) {
        if (name.isEmpty() || !PinName.encode(name).equals(name)) {
            throw new ParameterException(command, what + " '" + name + "' must be letters, digits, _ and - (give --name NAME)");
        }
        return name;
    }

    /** The NAME argument of status, remove and set. */
    static String argument(String name, CommandLine command) {
        return check(name, "NAME", command);
    }

    /** A command on rules that are not applied: exit 2, naming the folder looked in. */
    static ParameterException notApplied(String name, CommandLine command) {
        return new ParameterException(command, "nothing is applied as " + name + " (no " + AppliedRoot.path().resolve(name)
                + "; see sluice status)");
    }
}
