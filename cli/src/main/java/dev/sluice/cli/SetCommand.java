package dev.sluice.cli;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.RoleAt;
import dev.sluice.dsl.model.Literals;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.runtime.AppliedRecord;
import dev.sluice.runtime.AppliedRules;
import dev.sluice.runtime.ApplyRequest;
import dev.sluice.runtime.BpfMap;
import dev.sluice.runtime.LiveSet;
import dev.sluice.runtime.LoadedProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code sluice set NAME SET add|del MEMBER... | list | replace --file F}: a named set of applied
 * rules changed while they run. add and del write the set's maps in place; replace applies the
 * rules again with the set made anew from F, so each packet sees the whole old set or the whole new
 * one (the link swaps programs, and each program reads only its own set maps).
 */
final class SetCommand implements Callable<Integer> {
    String name;
    String set;
    String action;
    List<String> members;
    Path file;
    CommandSpec spec;

    CommandSpec model() {
        spec = CommandModel.of("set", this, "Changes a named set of applied rules while they run: add, del, list, or replace the whole set.")
                .positional("NAME", "0", "1", String.class, "the applied rules", (String v) -> name = v)
                .positional("SET", "1", "1", String.class, "the named set", (String v) -> set = v)
                .positional("ACTION", "2", "1", String.class, "add, del, list or replace", (String v) -> action = v)
                .rest("MEMBER", "3..*", "members as in a script (add, del)", () -> members, v -> members = v)
                .option(OptionSpec.builder("--file").paramLabel("F").type(Path.class)
                        .description("replace: the new members, one a line as in a set file"), (Path v) -> file = v)
                .debugOption(v -> { })
                .spec();
        return spec;
    }

    @Override
    public Integer call() {
        String applied = AppliedName.argument(name, spec.commandLine());
        List<String> given = members == null ? List.of() : members;
        boolean changes = action.equals("add") || action.equals("del");
        if (!changes && !action.equals("list") && !action.equals("replace")) {
            throw new ParameterException(spec.commandLine(), "ACTION must be add, del, list or replace, not " + action);
        }
        if (changes == given.isEmpty()) {
            throw new ParameterException(spec.commandLine(), changes ? action + " needs at least one MEMBER" : action + " takes no MEMBER");
        }
        if (action.equals("replace") != (file != null)) {
            throw new ParameterException(spec.commandLine(), action.equals("replace") ? "replace needs --file F" : "--file is for replace");
        }
        List<String> replacement = action.equals("replace") ? readMembers(file) : List.of();
        try (AppliedRules rules = AppliedRules.open(AppliedRoot.path(), applied)
                .orElseThrow(() -> AppliedName.notApplied(applied, spec.commandLine()))) {
            List<CompiledProgram> programs = AppliedScript.compile(applied, rules.record());
            List<CompiledProgram> having = programs.stream().filter(this::tests).toList();
            if (having.isEmpty()) throw new ParameterException(spec.commandLine(), applied + " has no named set " + set);
            switch (action) {
                case "list" -> list(rules, having.get(0));
                case "replace" -> replace(rules, applied, programs, having, replacement);
                default -> change(rules, having, given);
            }
        }
        return ExitCodes.OK;
    }

    /** Whether {@code p} tests the set (a set no rule tests has no map, and namedSet says so by throwing). */
    private boolean tests(CompiledProgram p) {
        try {
            return !p.namedSet(set).isEmpty();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private void change(AppliedRules rules, List<CompiledProgram> having, List<String> given) {
        List<LiveSet> sets = new ArrayList<>();
        for (CompiledProgram p : having) sets.add(rules.program(p).set(set));
        for (String member : given) {
            try {
                // Checked against every program before any is written: a bad member changes nothing.
                for (CompiledProgram p : having) dev.sluice.compiler.SetMemberKeys.of(set, p.namedSet(set), member);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "MEMBER " + member + ": " + e.getMessage());
            }
        }
        for (LiveSet live : sets) {
            for (String member : given) {
                if (action.equals("add")) live.add(member);
                else live.remove(member);
            }
        }
    }

    private void list(AppliedRules rules, CompiledProgram program) {
        LoadedProgram loaded = rules.program(program);
        TreeSet<String> out = new TreeSet<>();
        for (RoleAt<MapRole.Set> map : program.namedSet(set)) {
            BpfMap kernel = loaded.maps().get(map.index());
            for (byte[] key : kernel.keys()) out.add(SetMemberText.of(map.role(), key));
        }
        out.forEach(System.out::println);
        System.out.flush();
    }

    private void replace(AppliedRules rules, String applied, List<CompiledProgram> programs, List<CompiledProgram> having,
                         List<String> replacement) {
        for (String member : replacement) {
            boolean fits = false;
            for (CompiledProgram p : having) {
                try {
                    dev.sluice.compiler.SetMemberKeys.of(set, p.namedSet(set), member);
                    fits = true;
                } catch (IllegalArgumentException e) {
                    // another program's set may take it
                }
            }
            if (!fits) throw new CliFailure(ExitCodes.BAD_INPUT, file + ": " + member + " fits no field set " + set + " is tested on");
        }
        AppliedRecord record = rules.record();
        ApplyRequest request = new ApplyRequest(AppliedRoot.path(), applied, record.scriptPath(), record.sha256(), record.script(),
                programs, record.points(), Map.of(set, replacement), unchanged -> Map.of(), ApplyCommand::killSwitch);
        // The transaction takes NAME's lock itself: ours is released first.
        rules.close();
        ApplyCommand.apply(request, spec, false);
    }

    /** A set file: one member a line, {@code #} comments; a bad line is FILE:LINE:COL and exit 4. */
    private static List<String> readMembers(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, file + ": cannot read: " + Messages.of(e));
        }
        List<String> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) continue;
            int column = line.indexOf(content) + 1;
            if (content.split("[ \t]+").length > 1) {
                throw CliFailure.rendered(ExitCodes.BAD_INPUT, file + ":" + (i + 1) + ":" + column + ": one member a line");
            }
            try {
                Literals.parse(content, new SourceLocation(file.toString(), i + 1, column));
            } catch (IllegalArgumentException e) {
                throw CliFailure.rendered(ExitCodes.BAD_INPUT, file + ":" + (i + 1) + ":" + column + ": " + e.getMessage());
            }
            out.add(content);
        }
        return out;
    }
}
