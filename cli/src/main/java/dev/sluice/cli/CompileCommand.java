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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code sluice compile FILE [-o OUT] [--emit elf|asm|hex|json]} (docs/CLI.md). */
final class CompileCommand implements Callable<Integer> {
    enum Emit { elf, asm, hex, json, bpftool_batch }

    Path file;
    String filter;
    String hook;
    String action;
    Path output;
    Emit emit;
    Arch arch;
    java.util.Map<String, Path> tracepointFormats = java.util.Map.of();
    boolean debug;
    CommandSpec spec;

    /** The command line of this command, bound to its fields. */
    CommandSpec model() {
        spec = CommandModel.of("compile", this, "Compiles every program of a rules file (.ebpf or .java) to eBPF.")
                .rulesFileOrFilter(v -> file = v, v -> filter = v, v -> hook = v, v -> action = v)
                .option(OptionSpec.builder("-o", "--output").paramLabel("OUT").type(Path.class)
                        .description("where to write; default: FILE's name with .o in the current directory for elf, standard output otherwise; - for standard output"),
                        (Path v) -> output = v)
                .option(OptionSpec.builder("--emit").paramLabel("<emit>").type(Emit.class).defaultValue("elf").converters(new EmitConverter())
                        .completionCandidates(List.of("elf", "asm", "hex", "json", "bpftool-batch"))
                        .description("elf, asm, hex, json or bpftool-batch (default: ${DEFAULT-VALUE})"), (Emit v) -> emit = v)
                .option(OptionSpec.builder("--arch").paramLabel("<arch>").type(Arch.class).defaultValue("${sys:os.arch:-x86_64}")
                        .converters(new ArchConverter()).completionCandidates(List.of("x86_64", "arm64"))
                        .description("the architecture probes run on (pt_regs layout for arg0..arg5, retval, pc): x86_64 or arm64; default: this machine's"),
                        (Arch v) -> arch = v)
                .repeatable(OptionSpec.builder("--tracepoint-format").paramLabel("CATEGORY:EVENT=FILE").type(java.util.Map.class)
                        .auxiliaryTypes(String.class, Path.class)
                        .description("read a tracepoint's format (for args.NAME) from FILE instead of this machine's tracefs; repeatable"),
                        () -> tracepointFormats, v -> tracepointFormats = v == null ? java.util.Map.of() : v)
                .debugOption(v -> debug = v)
                .spec();
        return spec;
    }

    /**
     * bpftool-batch on the command line, a Java-friendly name inside. A switch, as for the
     * completion candidates given above: Emit.valueOf and picocli's enum handling reach the
     * constants through a reflective call of values(), which a cold start pays for in spun
     * method-handle classes (docs/PERFORMANCE-STARTUP.md, "Start-up").
     */
    static final class EmitConverter implements picocli.CommandLine.ITypeConverter<Emit> {
        public Emit convert(String value) {
            switch (value) {
                case "elf": return Emit.elf;
                case "asm": return Emit.asm;
                case "hex": return Emit.hex;
                case "json": return Emit.json;
                case "bpftool-batch": case "bpftool_batch": return Emit.bpftool_batch;
                default: throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of elf, asm, hex, json, bpftool-batch");
            }
        }
    }

    enum Arch { x86_64, arm64 }

    /** amd64 and aarch64 are what Java calls them. */
    static final class ArchConverter implements picocli.CommandLine.ITypeConverter<Arch> {
        public Arch convert(String value) {
            switch (value) {
                case "x86_64": case "amd64": return Arch.x86_64;
                case "arm64": case "aarch64": return Arch.arm64;
                default: throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not x86_64 or arm64");
            }
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        RulesInput input = RulesInput.of(java.util.Optional.ofNullable(file), java.util.Optional.ofNullable(filter), hook, action);
        CompiledRules rules = CompiledRules.of(input, err, arch == Arch.arm64 ? dev.sluice.compiler.trace.PtRegs.ARM64
                : dev.sluice.compiler.trace.PtRegs.X86_64, tracepointFormats);
        byte[] bytes = switch (emit) {
            case elf -> ElfWriter.write(withSource(ProgramObjects.of(rules.programs(), rules.lineTexts()), rules));
            case asm -> asm(rules.programs()).getBytes(StandardCharsets.UTF_8);
            case hex -> hex(rules.programs()).getBytes(StandardCharsets.UTF_8);
            case json -> json(rules.programs()).getBytes(StandardCharsets.UTF_8);
            case bpftool_batch -> bpftoolBatch(rules.programs()).getBytes(StandardCharsets.UTF_8);
        };
        Path target = output;
        if (target == null && emit == Emit.elf) {
            target = input instanceof RulesInput.File f ? objectName(f.path()) : Path.of("filter.o");
        }
        OutputFile.write(target == null ? Path.of("-") : target, bytes);
        for (CompiledProgram p : rules.programs()) {
            if (emit == Emit.elf && !p.image().redirectTargets().isEmpty()) {
                err.println("sluice: note: " + p.name() + " redirects through map redirect_ifindex, which a loader fills with the"
                        + " targets' ifindexes (" + String.join(", ", p.image().redirectTargets()) + ", by position); sluice's own loaders do");
            }
        }
        err.flush();
        return ExitCodes.OK;
    }

    /** FILE's name with .o, in the current directory. */
    private static Path objectName(Path file) {
        String name = file.getFileName().toString();
        return Path.of(name.substring(0, name.lastIndexOf('.')) + ".o");
    }

    /**
     * The entries the object's maps start with, as {@code bpftool batch file} commands, for loaders
     * that do not read {@link dev.sluice.compiler.elf.MapEntries#SECTION}: run them after
     * {@code bpftool prog loadall}, which names the maps as the object does.
     */
    static String bpftoolBatch(List<CompiledProgram> programs) {
        StringBuilder out = new StringBuilder();
        for (var e : ProgramObjects.of(programs).mapEntries()) {
            out.append("map update name ").append(e.map()).append(" key hex ").append(HexFormat.ofDelimiter(" ").formatHex(e.key()))
                    .append(" value hex ").append(HexFormat.ofDelimiter(" ").formatHex(e.value())).append('\n');
        }
        return out.toString();
    }

    /** The rules as a script in the object, so that sluice run OUT.o knows hooks, counters and formats. */
    private static dev.sluice.compiler.elf.BpfObject withSource(dev.sluice.compiler.elf.BpfObject object, CompiledRules rules) {
        return rules.asScript().map(text -> object.withNote(CompiledRules.SOURCE_SECTION, text.getBytes(StandardCharsets.UTF_8)))
                .orElse(object);
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
                    .append(",\"section\":").append(Json.string(p.section()))
                    .append(",\"insns\":").append(p.slots())
                    .append(",\"code\":").append(Json.string(HexFormat.of().formatHex(p.code().encode())))
                    .append(",\"maps\":[");
            List<MapDefinition> maps = p.maps();
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
