package dev.sluice.cli;

import dev.sluice.cli.rules.LoadedRules;
import dev.sluice.cli.rules.RuleSource;
import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.SluiceCompiler;
import dev.sluice.compiler.check.CompileException;
import dev.sluice.dsl.model.Diagnostic;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A rules file read and compiled, or the command's failure: exit 1 with every diagnostic, exit 4 when
 * unreadable. {@code setFiles}: the set files the rules read, as the diagnostics name them.
 */
record CompiledRules(Path file, String text, List<CompiledProgram> programs, List<Path> setFiles) {
    static CompiledRules of(Path file, PrintWriter err) {
        return of(file, err, dev.sluice.compiler.trace.PtRegs.host());
    }

    /** As {@link #of(Path, PrintWriter)}, for probes on {@code arch} (its pt_regs layout). */
    static CompiledRules of(Path file, PrintWriter err, dev.sluice.compiler.trace.PtRegs arch) {
        return of(file, err, arch, java.util.Map.of());
    }

    /**
     * As {@link #of(Path, PrintWriter)}, for probes on {@code arch}, with tracepoint formats read from
     * the files given (by CATEGORY:EVENT) before tracefs: for compiling on another machine.
     */
    static CompiledRules of(Path file, PrintWriter err, dev.sluice.compiler.trace.PtRegs arch, java.util.Map<String, Path> formats) {
        return of(new RulesInput.File(file), err, arch, formats);
    }

    /** As {@link #of(Path, PrintWriter)}, from a file or from {@code --filter}. */
    static CompiledRules of(RulesInput input, PrintWriter err) {
        return of(input, err, dev.sluice.compiler.trace.PtRegs.host(), java.util.Map.of());
    }

    /**
     * As {@link #of(RulesInput, PrintWriter)}, handing the parsed programs to {@code parsed} before
     * they are compiled (so that work which needs only their hooks can start).
     */
    static CompiledRules of(RulesInput input, PrintWriter err, java.util.function.Consumer<List<dev.sluice.dsl.model.Program>> parsed) {
        return of(input, err, dev.sluice.compiler.trace.PtRegs.host(), java.util.Map.of(), parsed);
    }

    /** As {@link #of(Path, PrintWriter, dev.sluice.compiler.trace.PtRegs, java.util.Map)}, from a file or from {@code --filter}. */
    static CompiledRules of(RulesInput input, PrintWriter err, dev.sluice.compiler.trace.PtRegs arch, java.util.Map<String, Path> formats) {
        return of(input, err, arch, formats, programs -> { });
    }

    private static CompiledRules of(RulesInput input, PrintWriter err, dev.sluice.compiler.trace.PtRegs arch, java.util.Map<String, Path> formats,
                                    java.util.function.Consumer<List<dev.sluice.dsl.model.Program>> parsed) {
        Path file = input.path();
        LoadedRules loaded;
        try {
            loaded = input.load();
        } catch (RuleSource.Unreadable e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, e.getMessage());
        }
        if (!loaded.ok()) {
            int code = loaded.inputUnreadable() ? ExitCodes.BAD_INPUT : ExitCodes.SCRIPT_ERROR;
            throw CliFailure.rendered(code, render(loaded.diagnostics(), file, loaded));
        }
        requirePrograms(file, loaded.programs());
        parsed.accept(loaded.programs());
        List<CompiledProgram> programs;
        try {
            // args.NAME of tracepoints come from this kernel's format files; tracefs is mounted when absent.
            dev.sluice.compiler.trace.TracepointFormats tracefs = dev.sluice.runtime.Tracefs::format;
            dev.sluice.compiler.trace.TracepointFormats given = (category, event) -> {
                Path f = formats.get(category + ":" + event);
                if (f == null) return tracefs.format(category, event);
                try {
                    return java.nio.file.Files.readString(f);
                } catch (java.io.IOException e) {
                    throw new java.io.IOException("cannot read " + f + ": " + Messages.of(e));
                }
            };
            programs = SluiceCompiler.compile(loaded.programs(), dev.sluice.compiler.CompileOptions.DEFAULT.withFormats(given).withArch(arch));
        } catch (CompileException e) {
            throw CliFailure.rendered(ExitCodes.SCRIPT_ERROR, render(e.diagnostics(), file, loaded));
        }
        StringBuilder warnings = new StringBuilder();
        for (CompiledProgram p : programs) {
            for (Diagnostic w : p.warnings()) warnings.append(quote(w, file, loaded));
        }
        if (warnings.length() > 0) {
            err.print(warnings);
            err.flush();
        }
        List<Path> setFiles = loaded.sources().keySet().stream()
                .filter(name -> file == null || !name.equals(file.toString())).sorted().map(Path::of).toList();
        return new CompiledRules(file, loaded.text(), programs, setFiles);
    }

    /** The section of an object that holds the rules it was compiled from, as a script. */
    static final String SOURCE_SECTION = ".sluice.source";

    /**
     * The rules as a script (sets written out, file sets included), for {@link #SOURCE_SECTION}: or
     * empty when the language cannot say them (a Java-named trace program has no place for its name).
     */
    Optional<String> asScript() {
        java.util.Map<String, dev.sluice.dsl.model.NamedSet> sets = new java.util.LinkedHashMap<>();
        List<dev.sluice.dsl.model.Program> models = new java.util.ArrayList<>();
        for (CompiledProgram p : programs) {
            for (dev.sluice.dsl.model.NamedSet set : p.source().sets()) {
                sets.putIfAbsent(set.name(), new dev.sluice.dsl.model.NamedSet(set.name(), set.members(), set.ranges(), set.location()));
            }
            models.add(p.source());
        }
        try {
            return Optional.of(dev.sluice.grammar.ScriptPrinter.print(new dev.sluice.dsl.model.Script(List.copyOf(sets.values()), models)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The rules of an object that {@code sluice compile} wrote: its source section compiled again,
     * accepted only if that gives the object's code byte for byte (so what runs is what the object
     * holds). Anything else is bad input (exit 4).
     */
    static CompiledRules fromObject(Path file, PrintWriter err) {
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, file + ": cannot read: " + Messages.of(e));
        }
        dev.sluice.compiler.elf.ElfObject elf;
        try {
            elf = dev.sluice.compiler.elf.ElfObject.read(bytes);
        } catch (dev.sluice.compiler.elf.ElfFormatException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, file + ": not a valid eBPF object: " + e.getMessage());
        }
        Optional<dev.sluice.compiler.elf.ElfSection> source = elf.section(SOURCE_SECTION);
        if (source.isEmpty()) {
            throw new CliFailure(ExitCodes.BAD_INPUT, file + ": no " + SOURCE_SECTION + " section: sluice run takes the objects sluice compile"
                    + " writes (load others with bpftool prog loadall, ip or tc)");
        }
        String text = new String(source.get().data(), java.nio.charset.StandardCharsets.UTF_8);

        Path dir = file.toAbsolutePath().getParent();
        dev.sluice.grammar.Scripts.Result parsed = dev.sluice.grammar.Scripts.parse(text, file + "(" + SOURCE_SECTION + ")",
                dir == null ? Path.of("") : dir);
        if (!parsed.ok()) {
            throw new CliFailure(ExitCodes.BAD_INPUT, file + ": its source section does not parse: " + parsed.diagnostics().get(0));
        }
        requirePrograms(file, parsed.script().orElseThrow().programs());
        List<CompiledProgram> programs;
        try {
            programs = SluiceCompiler.compile(parsed.script().orElseThrow().programs(), dev.sluice.compiler.CompileOptions.DEFAULT
                    .withFormats(dev.sluice.runtime.Tracefs::format));
        } catch (CompileException e) {
            throw new CliFailure(ExitCodes.BAD_INPUT, file + ": its source no longer compiles here: " + e.diagnostics().get(0));
        }
        dev.sluice.compiler.elf.ElfObject again = dev.sluice.compiler.elf.ElfObject.read(
                dev.sluice.compiler.elf.ElfWriter.write(dev.sluice.compiler.elf.ProgramObjects.of(programs)));
        for (dev.sluice.compiler.elf.ElfSection section : elf.sections()) {
            if (!section.isExecutable()) continue;
            Optional<dev.sluice.compiler.elf.ElfSection> mine = again.section(section.name());
            if (mine.isEmpty() || !java.util.Arrays.equals(mine.get().data(), section.data())) {
                throw new CliFailure(ExitCodes.BAD_INPUT, file + ": section " + section.name() + " differs from its source compiled by"
                        + " this Sluice (another version wrote it, or it was changed); compile the rules again");
            }
        }
        return new CompiledRules(file, text, programs, List.of());
    }

    /**
     * A script without a program compiles to nothing that runs; every command refuses it as a script
     * error rather than writing an empty object or attaching nothing.
     */
    private static void requirePrograms(Path file, List<dev.sluice.dsl.model.Program> programs) {
        if (programs.isEmpty()) throw CliFailure.rendered(ExitCodes.SCRIPT_ERROR, file + ": no programs");
    }

    /**
     * The text of the line a location points into, trimmed, when it is in the rules file; else empty.
     * The file is split into lines once: the object writer asks once per rule, and splitting per
     * question made writing an object quadratic in the number of rules.
     */
    java.util.function.Function<dev.sluice.dsl.model.SourceLocation, String> lineTexts() {
        String[] lines = text.split("\n", -1);
        return at -> {
            if (!at.file().equals(file.toString()) && !at.file().equals(file.getFileName().toString())) return "";
            return at.line() >= 1 && at.line() <= lines.length ? lines[at.line() - 1].strip() : "";
        };
    }

    private static String render(List<Diagnostic> diagnostics, Path file, LoadedRules loaded) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) out.append(quote(d, file, loaded));
        return out.toString();
    }

    /**
     * The source line is quoted from the file the diagnostic names: the rules file (Java names it without
     * its directory) or a set file; from no file when it names another.
     */
    private static String quote(Diagnostic d, Path file, LoadedRules loaded) {
        String named = d.location().file();
        if (named.equals(file.toString()) || named.equals(file.getFileName().toString())) return d.render(Optional.of(loaded.text()));
        return d.render(Optional.ofNullable(loaded.sources().get(named)));
    }
}
