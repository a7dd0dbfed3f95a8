package dev.sluice.compiler.lower;

import dev.sluice.compiler.check.Suggestions;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.compiler.hooks.Target;
import dev.sluice.compiler.trace.PtRegs;
import dev.sluice.compiler.trace.TracepointFormat;
import dev.sluice.compiler.trace.TracepointFormats;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The trace fields of one program: the names its hook has (arguments at function entry, retval in
 * return probes, pc in profile), {@code args.NAME} as words of the tracepoint's record at the
 * offsets its format file gives, and the one {@code str(FIELD)}. What the preamble must read
 * beyond the task collects into a {@link TraceSetup}.
 */
final class TraceLowering {
    private static final List<String> ARGUMENTS = List.of("arg0", "arg1", "arg2", "arg3", "arg4", "arg5");

    private final Hook hook;
    private final Target target;
    private final TracepointFormats formats;
    private final BiConsumer<SourceLocation, String> error;
    /** Tracepoint record fields read by the program (args.NAME), in record-word order. */
    private final List<TraceSetup.RecordWord> recordWords = new ArrayList<>();
    private final List<String> recordNames = new ArrayList<>();
    private Optional<TraceSetup.StringRead> stringRead = Optional.empty();

    TraceLowering(Hook hook, Target target, TracepointFormats formats, BiConsumer<SourceLocation, String> error) {
        this.hook = hook;
        this.target = target;
        this.formats = formats;
        this.error = error;
    }

    /** Whether the program reads trace fields rather than a packet or a device. */
    boolean trace() {
        return target.domain() == PacketField.Domain.TRACE;
    }

    /** What the preamble reads for the fields lowered so far, with probes laid out for {@code arch}. */
    TraceSetup setup(PtRegs arch) {
        return new TraceSetup(recordWords, stringRead, arch);
    }

    /** The trace fields this hook has (docs/LANGUAGE.md, "Trace fields and functions"). */
    private List<String> fieldNames() {
        List<String> names = new ArrayList<>(List.of("pid", "tid", "uid", "gid", "cpu", "comm", "nsecs"));
        if (target.readsArguments()) names.addAll(ARGUMENTS);
        if (target.readsReturnValue()) names.add("retval");
        if (target.readsPc()) names.add("pc");
        return names;
    }

    /** A trace field by name, or empty (reported) when the hook has no such field. */
    Optional<PacketField> field(Expr.Field f) {
        if (f.name().startsWith("args.") && hook instanceof Hook.Tracepoint tp) return recordField(f, tp);
        List<String> known = fieldNames();
        if (!known.contains(f.name())) {
            String where = hook.kind() + " programs";
            String hint = Suggestions.nearest(f.name(), known).map(x -> "; did you mean " + x + "?").orElse("");
            String why = ARGUMENTS.contains(f.name()) ? " (arguments are read at function entry: kprobe and uprobe)"
                    : f.name().equals("retval") ? " (return values are read by kretprobe and uretprobe)"
                    : f.name().equals("pc") ? " (pc is the sampled address of profile programs)"
                    : f.name().startsWith("args.") ? " (args.NAME are tracepoint fields)" : "";
            error.accept(f.location(), "unknown field " + f.name() + " in " + where + why + hint);
            return Optional.empty();
        }
        return Optional.of(PacketField.byScriptName(f.name()));
    }

    /** args.NAME: a word of the tracepoint's record, at the offset its format file gives. */
    private Optional<PacketField> recordField(Expr.Field f, Hook.Tracepoint tp) {
        String name = f.name().substring("args.".length());
        int index = recordNames.indexOf(name);
        if (index >= 0) return Optional.of(PacketField.RECORD_WORDS[index]);
        TracepointFormat format;
        try {
            format = TracepointFormat.parse(formats.format(tp.category(), tp.event()));
        } catch (java.io.IOException | RuntimeException e) {
            error.accept(f.location(), "cannot read the format of tracepoint " + tp.category() + ":" + tp.event() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return Optional.empty();
        }
        Optional<TracepointFormat.Field> field = format.field(name);
        if (field.isEmpty()) {
            List<String> known = format.arguments().stream().map(TracepointFormat.Field::name).toList();
            error.accept(f.location(), tp.category() + ":" + tp.event() + " has no field " + name
                    + Suggestions.nearest(name, known).map(x -> "; did you mean args." + x + "?").orElse(" (it has " + known + ")"));
            return Optional.empty();
        }
        TracepointFormat.Field fmt = field.get();
        if (fmt.kind() == TracepointFormat.Kind.CHAR_ARRAY || fmt.kind() == TracepointFormat.Kind.DATA_LOC_STRING
                || (fmt.size() != 1 && fmt.size() != 2 && fmt.size() != 4 && fmt.size() != 8)) {
            error.accept(f.location(), "args." + name + " (" + fmt.declaration() + ") is not a number or an address; only those are read so far");
            return Optional.empty();
        }
        if (recordNames.size() == PacketField.RECORD_WORDS.length) {
            error.accept(f.location(), "a program reads at most " + PacketField.RECORD_WORDS.length + " tracepoint fields");
            return Optional.empty();
        }
        recordNames.add(name);
        recordWords.add(new TraceSetup.RecordWord(fmt.offset(), fmt.size(), fmt.signed()));
        return Optional.of(PacketField.RECORD_WORDS[recordNames.size() - 1]);
    }

    /** str(FIELD): the NUL-terminated string at the address FIELD holds; one per program. */
    Optional<PacketField> string(Expr.Call call) {
        if (!call.function().equals("str")) {
            error.accept(call.location(), "unknown function " + call.function() + Suggestions.nearest(call.function(), List.of("str"))
                    .map(x -> "; did you mean " + x + "?").orElse(" (the language has str)"));
            return Optional.empty();
        }
        if (!trace()) {
            error.accept(call.location(), "str() reads memory of traced code; " + hook.kind() + " programs have packets instead");
            return Optional.empty();
        }
        if (call.args().size() != 1 || !(call.args().get(0) instanceof Expr.Field f)) {
            error.accept(call.location(), "str takes one field holding an address, for example str(arg0) or str(args.filename)");
            return Optional.empty();
        }
        Optional<PacketField> address = field(f);
        if (address.isEmpty()) return Optional.empty();
        // Kernel functions' arguments point into the kernel; syscalls' and user functions' into the process.
        boolean user = target != Target.KPROBE && target != Target.KRETPROBE
                && !(hook instanceof Hook.Tracepoint t && !t.category().equals("syscalls"));
        TraceSetup.StringRead read = new TraceSetup.StringRead(address.get(), user);
        if (stringRead.isPresent() && !stringRead.get().equals(read)) {
            error.accept(call.location(), "one str() per program: this one reads " + f.name() + ", an earlier one another field");
            return Optional.empty();
        }
        stringRead = Optional.of(read);
        return Optional.of(PacketField.STR);
    }
}
