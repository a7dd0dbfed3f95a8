package dev.sluice.cli;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.elf.ElfWriter;
import dev.sluice.compiler.elf.ProgramObjects;
import dev.sluice.compiler.isa.Disassembler;
import dev.sluice.compiler.maps.MapDefinition;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sluice compile FILE [-o OUT] [--emit elf|asm|hex|json]} (CLI.md). */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Compiles every program of a rules file (.ebpf or .java) to eBPF.")
final class CompileCommand implements Callable<Integer> {
    enum Emit { elf, asm, hex, json }

    @Parameters(paramLabel = "FILE", description = "the rules: FILE.ebpf or FILE.java")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "where to write; default: FILE's name with .o in the current directory for elf, standard output otherwise")
    Path output;

    @Option(names = "--emit", defaultValue = "elf", description = "elf, asm, hex or json (default: ${DEFAULT-VALUE})")
    Emit emit;

    @Option(names = "--debug", description = "print stack traces of internal errors")
    boolean debug;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        CompiledRules rules = CompiledRules.of(file, err);
        byte[] bytes = switch (emit) {
            case elf -> ElfWriter.write(ProgramObjects.of(rules.programs()));
            case asm -> asm(rules.programs()).getBytes(StandardCharsets.UTF_8);
            case hex -> hex(rules.programs()).getBytes(StandardCharsets.UTF_8);
            case json -> json(rules.programs()).getBytes(StandardCharsets.UTF_8);
        };
        Path target = output;
        if (target == null && emit == Emit.elf) {
            String name = file.getFileName().toString();
            target = Path.of(name.substring(0, name.lastIndexOf('.')) + ".o");
        }
        if (target == null) {
            System.out.print(new String(bytes, StandardCharsets.UTF_8));
            System.out.flush();
        } else {
            OutputFile.write(target, bytes);
        }
        for (CompiledProgram p : rules.programs()) {
            if (emit == Emit.elf && hasInitialEntries(p)) {
                err.println("sluice: note: " + p.name() + "'s sets (and redirect targets) live in maps that the object declares empty; "
                        + "sluice run and the Java runtime fill them at load, other loaders must fill them");
            }
        }
        err.flush();
        return ExitCodes.OK;
    }

    private static boolean hasInitialEntries(CompiledProgram p) {
        return !p.filter().redirectTargets().isEmpty()
                || p.filter().maps().stream().anyMatch(m -> !m.initialEntries().isEmpty());
    }

    static String asm(List<CompiledProgram> programs) {
        StringBuilder out = new StringBuilder();
        for (CompiledProgram p : programs) {
            if (out.length() > 0) out.append('\n');
            out.append(p.hook().kind()).append(' ').append(p.name()).append(": ").append(p.slots()).append(" insns\n");
            out.append(Disassembler.listing(p.code()));
        }
        return out.toString();
    }

    static String hex(List<CompiledProgram> programs) {
        StringBuilder out = new StringBuilder();
        for (CompiledProgram p : programs) {
            out.append("# ").append(p.hook().kind()).append(' ').append(p.name()).append('\n');
            byte[] code = p.code().encode();
            for (int i = 0; i < code.length; i += 8) {
                out.append(HexFormat.ofDelimiter(" ").formatHex(code, i, i + 8)).append('\n');
            }
        }
        return out.toString();
    }

    static String json(List<CompiledProgram> programs) {
        StringBuilder out = new StringBuilder("{\"programs\":[");
        for (int i = 0; i < programs.size(); i++) {
            CompiledProgram p = programs.get(i);
            if (i > 0) out.append(',');
            out.append("{\"name\":").append(Json.string(p.name()))
                    .append(",\"hook\":").append(Json.string(p.hook().kind()))
                    .append(",\"section\":").append(Json.string(ProgramObjects.section(p.hook())))
                    .append(",\"insns\":").append(p.slots())
                    .append(",\"code\":").append(Json.string(HexFormat.of().formatHex(p.code().encode())))
                    .append(",\"maps\":[");
            List<MapDefinition> maps = p.filter().maps();
            for (int m = 0; m < maps.size(); m++) {
                var spec = maps.get(m).spec();
                if (m > 0) out.append(',');
                out.append("{\"name\":").append(Json.string(spec.name()))
                        .append(",\"type\":").append(Json.string(spec.type().name().toLowerCase()))
                        .append(",\"key_size\":").append(spec.keySize())
                        .append(",\"value_size\":").append(spec.valueSize())
                        .append(",\"max_entries\":").append(spec.maxEntries())
                        .append(",\"entries\":").append(maps.get(m).initialEntries().size()).append('}');
            }
            out.append("]}");
        }
        return out.append("]}\n").toString();
    }
}
