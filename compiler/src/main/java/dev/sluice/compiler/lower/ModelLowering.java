package dev.sluice.compiler.lower;

import dev.sluice.compiler.image.AggregateKind;
import dev.sluice.compiler.hooks.Returns;
import dev.sluice.compiler.hooks.Target;

import dev.sluice.compiler.check.CompileException;
import dev.sluice.compiler.check.Diagnostic;
import dev.sluice.compiler.check.Suggestions;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.NamedSet;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.SourceLocation;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.compiler.trace.PtRegs;
import dev.sluice.compiler.trace.TracepointFormat;
import dev.sluice.compiler.trace.TracepointFormats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a packet program of the rule model and lowers it to a {@link FilterProgram}: fields to
 * parsed slots, literals to numbers (ranges checked), {@code in} to comparisons, prefixes or
 * map-backed sets, verdicts to the hook's return codes, counters to map slots. Every problem is
 * collected with its location; any makes {@link #lower} throw one {@link CompileException}.
 */
public final class ModelLowering {
    /** Inline sets up to this size become comparison chains; named sets become maps (updatable without a reload). */
    static final int INLINE_LIMIT = 8;
    /** Inline sets of one-slot fields up to this size become a comparison tree; larger ones, maps. */
    static final int TREE_LIMIT = 65_536;
    private static final Map<String, Integer> FLAGS = Map.of("tcp.fin", 0x01, "tcp.syn", 0x02, "tcp.rst", 0x04,
            "tcp.psh", 0x08, "tcp.ack", 0x10, "tcp.urg", 0x20);

    private static final Map<String, Integer> DEVICE_KINDS = Map.of("char", 2, "block", 1);

    private final Program program;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<Diagnostic> warnings = new ArrayList<>();
    private final Aggregates aggregates = new Aggregates(this::error);
    private final List<ValueSet> sets = new ArrayList<>();
    private final List<String> redirects = new ArrayList<>();
    private final List<String> printFormats = new ArrayList<>();
    /** Tracepoint record fields read by the program (args.NAME), in record-word order. */
    private final List<TraceSetup.RecordWord> recordWords = new ArrayList<>();
    private final List<String> recordNames = new ArrayList<>();
    private Optional<TraceSetup.StringRead> stringRead = Optional.empty();
    private final Target target;
    private final Returns codes;
    private final TracepointFormats formats;

    private ModelLowering(Program program, TracepointFormats formats) {
        this.program = program;
        this.target = Target.of(program.hook());
        this.codes = target.returns();
        this.formats = formats;
    }

    private boolean trace() {
        return domain() == PacketField.Domain.TRACE;
    }

    /** The lowered program, the warnings about it, and the names of its plain counters by slot. */
    public record Lowered(FilterProgram program, List<Diagnostic> warnings, List<String> counterNames) {
        public Lowered {
            warnings = List.copyOf(warnings);
            counterNames = List.copyOf(counterNames);
        }
    }

    public static FilterProgram lower(Program program) {
        return lowerWithWarnings(program).program();
    }

    public static Lowered lowerWithWarnings(Program program) {
        return lowerWithWarnings(program, TracepointFormats.TRACEFS);
    }

    public static Lowered lowerWithWarnings(Program program, TracepointFormats formats) {
        return lowerWithWarnings(program, formats, PtRegs.host());
    }

    /** Lowers with tracepoint formats read through {@code formats} and probes laid out for {@code arch}. */
    public static Lowered lowerWithWarnings(Program program, TracepointFormats formats, PtRegs arch) {
        return lowerWithWarnings(program, MergeRuns.apply(program.statements()), formats, arch);
    }

    /**
     * The lowering pass: checks and lowers {@code statements} (the program's, after {@link MergeRuns})
     * in the context of {@code program} (its hook and named sets).
     */
    public static Lowered lowerWithWarnings(Program program, List<dev.sluice.dsl.model.Statement> statements,
                                            TracepointFormats formats, PtRegs arch) {
        ModelLowering l = new ModelLowering(program, formats);
        List<Statement> body = l.statements(statements);
        if (!l.diagnostics.isEmpty()) throw new CompileException(l.diagnostics);
        List<String> counterNames = l.aggregates.plainNames();
        FilterProgram lowered = new FilterProgram(l.target.access(), body, l.codes.pass(), Math.max(1, counterNames.size()),
                l.sets, l.aggregates.keyed(), l.redirects, l.printFormats, new TraceSetup(l.recordWords, l.stringRead, arch));
        return new Lowered(lowered, l.warnings, counterNames);
    }

    private void error(SourceLocation at, String message) {
        diagnostics.add(new Diagnostic(at, message));
    }

    private List<Statement> statements(List<dev.sluice.dsl.model.Statement> original) {
        List<dev.sluice.dsl.model.Statement> in = original;
        List<Statement> out = new ArrayList<>();
        // Earlier rules at this level that end in a verdict, with where they are.
        Shadowing.Index<SourceLocation> ending = new Shadowing.Index<>();
        boolean ended = false;
        for (dev.sluice.dsl.model.Statement s : in) {
            if (!ended && s.location() != SourceLocation.UNKNOWN) out.add(new Statement.Mark(s.location()));
            if (ended) {
                error(s.location(), "this statement never runs: an unconditional verdict before it ends the program");
                break;
            }
            if (s instanceof dev.sluice.dsl.model.Statement.When w) {
                Condition c = condition(w.condition());
                List<Statement> body = statements(w.body());
                ending.covering(c).ifPresent(earlier -> warnings.add(Diagnostic.warning(w.location(),
                        "this rule never runs: the rule at " + earlier + " ends every packet it matches")));
                if (!body.isEmpty() && (body.get(body.size() - 1) instanceof Statement.Verdict
                        || body.get(body.size() - 1) instanceof Statement.Redirect)) {
                    ending.add(c, w.location());
                }
                out.add(new Statement.When(c, body));
            } else if (s instanceof dev.sluice.dsl.model.Statement.Return r) {
                out.add(verdict(r.verdict(), r.location()));
                ended = true;
            } else if (s instanceof dev.sluice.dsl.model.Statement.Count c) {
                count(c).ifPresent(out::add);
            } else if (s instanceof dev.sluice.dsl.model.Statement.Sum sum) {
                aggregate(sum.name(), sum.value(), sum.key(), AggregateKind.SUM, sum.location()).ifPresent(out::add);
            } else if (s instanceof dev.sluice.dsl.model.Statement.Hist hist) {
                aggregate(hist.name(), hist.value(), hist.key(), AggregateKind.HIST, hist.location()).ifPresent(out::add);
            } else if (s instanceof dev.sluice.dsl.model.Statement.Print print) {
                print(print).ifPresent(out::add);
            }
        }
        return out;
    }

    private Statement verdict(Verdict v, SourceLocation at) {
        String hook = program.hook().kind();
        if (trace()) {
            error(at, v.getClass().getSimpleName().toLowerCase() + " is a packet verdict; " + hook + " programs observe and have none");
            return new Statement.Verdict(0);
        }
        if (v instanceof Verdict.Pass) return new Statement.Verdict(codes.pass());
        if (v instanceof Verdict.Drop) return new Statement.Verdict(codes.drop());
        if (v instanceof Verdict.Tx && codes.tx().isPresent()) return new Statement.Verdict(codes.tx().getAsInt());
        if (v instanceof Verdict.Abort && codes.abort().isPresent()) return new Statement.Verdict(codes.abort().getAsInt());
        if (v instanceof Verdict.Redirect r && codes.redirect().isPresent()) {
            int index = redirects.indexOf(r.ifname());
            if (index < 0) {
                redirects.add(r.ifname());
                index = redirects.size() - 1;
            }
            return new Statement.Redirect(index);
        }
        if (v instanceof Verdict.Truncate t && codes.truncate()) {
            if (t.bytes() <= 0 || t.bytes() > 0x7fffffffL) error(at, "truncate takes a positive byte count, not " + t.bytes());
            return new Statement.Verdict((int) Math.max(1, Math.min(t.bytes(), 0x7fffffffL)));
        }
        String name = v.getClass().getSimpleName().toLowerCase();
        error(at, name + " is not a verdict of " + hook + " programs (they take " + codes.allowed() + ")");
        return new Statement.Verdict(codes.pass());
    }

    private Optional<Statement> count(dev.sluice.dsl.model.Statement.Count c) {
        if (c.key().isEmpty()) return Optional.of(aggregates.count(c.name(), c.location()));
        return aggregates.countBy(c.name(), keyFields(c.key()), c.location());
    }

    /** The fields of a {@code by} key: fields, or {@code str(FIELD)} in trace programs. */
    private List<PacketField> keyFields(List<Expr> exprs) {
        List<PacketField> key = new ArrayList<>();
        for (Expr e : exprs) value(e, "a key").ifPresent(key::add);
        return key;
    }

    /** A value read by an aggregate, a key or print: a field with a value, or str(FIELD). */
    private Optional<PacketField> value(Expr e, String role) {
        if (e instanceof Expr.Call call) return string(call);
        if (!(e instanceof Expr.Field f)) {
            error(e.location(), role + " takes a field" + (trace() ? " or str(FIELD)" : "") + " here (for example "
                    + (trace() ? "pid or arg0" : "ip.proto or (ip.src, tcp.dport)") + "); computed values are not compiled yet");
            return Optional.empty();
        }
        Optional<PacketField> pf = field(f);
        if (pf.isPresent() && pf.get().isProtocolTest()) {
            error(f.location(), f.name() + " is a test, not a value");
            return Optional.empty();
        }
        return pf;
    }

    /** str(FIELD): the NUL-terminated string at the address FIELD holds; one per program. */
    private Optional<PacketField> string(Expr.Call call) {
        if (!call.function().equals("str")) {
            error(call.location(), "unknown function " + call.function() + Suggestions.nearest(call.function(), List.of("str"))
                    .map(x -> "; did you mean " + x + "?").orElse(" (the language has str)"));
            return Optional.empty();
        }
        if (!trace()) {
            error(call.location(), "str() reads memory of traced code; " + program.hook().kind() + " programs have packets instead");
            return Optional.empty();
        }
        if (call.args().size() != 1 || !(call.args().get(0) instanceof Expr.Field f)) {
            error(call.location(), "str takes one field holding an address, for example str(arg0) or str(args.filename)");
            return Optional.empty();
        }
        Optional<PacketField> address = field(f);
        if (address.isEmpty()) return Optional.empty();
        // Kernel functions' arguments point into the kernel; syscalls' and user functions' into the process.
        boolean user = target != Target.KPROBE && target != Target.KRETPROBE
                && !(program.hook() instanceof Hook.Tracepoint t && !t.category().equals("syscalls"));
        TraceSetup.StringRead read = new TraceSetup.StringRead(address.get(), user);
        if (stringRead.isPresent() && !stringRead.get().equals(read)) {
            error(call.location(), "one str() per program: this one reads " + f.name() + ", an earlier one another field");
            return Optional.empty();
        }
        stringRead = Optional.of(read);
        return Optional.of(PacketField.STR);
    }

    private Optional<Statement> aggregate(String name, Expr valueExpr, List<Expr> keyExprs, AggregateKind kind,
                                          SourceLocation at) {
        Optional<Condition.Value> value = value(valueExpr);
        List<PacketField> key = keyFields(keyExprs);
        Optional<Integer> index = aggregates.aggregate(name, key, kind, at);
        if (index.isEmpty() || value.isEmpty()) return Optional.empty();
        return Optional.of(kind == AggregateKind.SUM ? new Statement.Sum(index.get(), value.get(), key)
                : new Statement.Hist(index.get(), value.get(), key));
    }

    private Optional<Statement> print(dev.sluice.dsl.model.Statement.Print print) {
        List<PacketField> args = new ArrayList<>();
        boolean ok = true;
        for (Expr e : print.args()) {
            Optional<PacketField> v = value(e, "print");
            if (v.isPresent()) args.add(v.get());
            else ok = false;
        }
        int conversions = conversions(print.format());
        if (conversions != print.args().size()) {
            error(print.location(), "the format has " + conversions + " conversion" + (conversions == 1 ? "" : "s") + " and "
                    + print.args().size() + " value" + (print.args().size() == 1 ? "" : "s") + " follow it");
            ok = false;
        }
        if (!ok) return Optional.empty();
        int index = printFormats.indexOf(print.format());
        if (index < 0) {
            printFormats.add(print.format());
            index = printFormats.size() - 1;
        }
        return Optional.of(new Statement.Print(index, args));
    }

    /** Conversions in a print format: %d %u %x %s %ip %mac; %% is a percent sign. */
    private static int conversions(String format) {
        int n = 0;
        for (int i = 0; i < format.length() - 1; i++) {
            if (format.charAt(i) != '%') continue;
            if (format.charAt(i + 1) == '%') {
                i++;
                continue;
            }
            n++;
        }
        return n;
    }

    private Optional<PacketField> field(Expr.Field f) {
        if (trace()) return traceField(f);
        String name = FLAGS.containsKey(f.name()) ? "tcp.flags" : f.name();
        List<String> known = Arrays.stream(PacketField.values())
                .filter(pf -> pf.domain() == domain()).map(PacketField::scriptName).toList();
        if (!known.contains(name)) {
            List<String> candidates = new ArrayList<>(known);
            candidates.addAll(FLAGS.keySet());
            String hint = Suggestions.nearest(f.name(), candidates).map(s -> "; did you mean " + s + "?").orElse("");
            error(f.location(), "unknown field " + f.name() + " in " + program.hook().kind() + " programs" + hint);
            return Optional.empty();
        }
        return Optional.of(PacketField.byScriptName(name));
    }

    private PacketField.Domain domain() {
        return target.domain();
    }

    /** The trace fields this hook has (docs/LANGUAGE.md, "Trace fields and functions"). */
    private List<String> traceFields() {
        List<String> names = new ArrayList<>(List.of("pid", "tid", "uid", "gid", "cpu", "comm", "nsecs"));
        if (target.readsArguments()) names.addAll(List.of("arg0", "arg1", "arg2", "arg3", "arg4", "arg5"));
        if (target.readsReturnValue()) names.add("retval");
        if (target.readsPc()) names.add("pc");
        return names;
    }

    private Optional<PacketField> traceField(Expr.Field f) {
        if (f.name().startsWith("args.") && program.hook() instanceof Hook.Tracepoint tp) return recordField(f, tp);
        List<String> known = traceFields();
        if (!known.contains(f.name())) {
            String where = program.hook().kind() + " programs";
            String hint = Suggestions.nearest(f.name(), known).map(x -> "; did you mean " + x + "?").orElse("");
            String why = List.of("arg0", "arg1", "arg2", "arg3", "arg4", "arg5").contains(f.name()) ? " (arguments are read at function entry: kprobe and uprobe)"
                    : f.name().equals("retval") ? " (return values are read by kretprobe and uretprobe)"
                    : f.name().equals("pc") ? " (pc is the sampled address of profile programs)"
                    : f.name().startsWith("args.") ? " (args.NAME are tracepoint fields)" : "";
            error(f.location(), "unknown field " + f.name() + " in " + where + why + hint);
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
            error(f.location(), "cannot read the format of tracepoint " + tp.category() + ":" + tp.event() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return Optional.empty();
        }
        Optional<TracepointFormat.Field> field = format.field(name);
        if (field.isEmpty()) {
            List<String> known = format.arguments().stream().map(TracepointFormat.Field::name).toList();
            error(f.location(), tp.category() + ":" + tp.event() + " has no field " + name
                    + Suggestions.nearest(name, known).map(x -> "; did you mean args." + x + "?").orElse(" (it has " + known + ")"));
            return Optional.empty();
        }
        TracepointFormat.Field fmt = field.get();
        if (fmt.kind() == TracepointFormat.Kind.CHAR_ARRAY || fmt.kind() == TracepointFormat.Kind.DATA_LOC_STRING
                || (fmt.size() != 1 && fmt.size() != 2 && fmt.size() != 4 && fmt.size() != 8)) {
            error(f.location(), "args." + name + " (" + fmt.declaration() + ") is not a number or an address; only those are read so far");
            return Optional.empty();
        }
        if (recordNames.size() == PacketField.RECORD_WORDS.length) {
            error(f.location(), "a program reads at most " + PacketField.RECORD_WORDS.length + " tracepoint fields");
            return Optional.empty();
        }
        recordNames.add(name);
        recordWords.add(new TraceSetup.RecordWord(fmt.offset(), fmt.size(), fmt.signed()));
        return Optional.of(PacketField.RECORD_WORDS[recordNames.size() - 1]);
    }

    /** The condition a model expression means; on errors, a constant that keeps lowering going. */
    private Condition condition(Expr e) {
        if (e instanceof Expr.And a) return new Condition.All(List.of(condition(a.left()), condition(a.right())));
        if (e instanceof Expr.Or o) return new Condition.Any(List.of(condition(o.left()), condition(o.right())));
        if (e instanceof Expr.Not n) return new Condition.Not(condition(n.operand()));
        if (e instanceof Expr.Field f) {
            Optional<PacketField> pf = field(f);
            if (pf.isEmpty()) return new Condition.Constant(false);
            if (FLAGS.containsKey(f.name())) return new Condition.AnyBits(PacketField.TCP_FLAGS, FLAGS.get(f.name()));
            if (!pf.get().isProtocolTest()) {
                error(f.location(), f.name() + " is a value, not a test; compare it (" + f.name() + " == ...)");
                return new Condition.Constant(false);
            }
            return new Condition.Present(pf.get());
        }
        if (e instanceof Expr.Compare c) return compare(c);
        if (e instanceof Expr.In in) return in(in);
        error(e.location(), "this is a value, not a condition");
        return new Condition.Constant(false);
    }

    private Condition compare(Expr.Compare c) {
        Expr left = c.left();
        Expr right = c.right();
        Expr.CompareOp op = c.op();
        if (left instanceof Expr.Binary || right instanceof Expr.Binary
                || left instanceof Expr.Field && right instanceof Expr.Field && !isDeviceKind(left, right)) {
            Optional<Condition.Value> l = value(left);
            Optional<Condition.Value> r = value(right);
            if (l.isEmpty() || r.isEmpty()) return new Condition.Constant(false);
            if (Math.max(l.get().depth(), 1 + r.get().depth()) > 5) {
                error(c.location(), "this expression nests too deep to evaluate (at most 4 operations on its right-hand sides)");
                return new Condition.Constant(false);
            }
            return new Condition.CompareValues(l.get(), Condition.CompareOp.valueOf(op.name()), r.get());
        }
        if (!isFieldSide(left) && isFieldSide(right)) {
            Expr swap = left;
            left = right;
            right = swap;
            op = swapped(op);
        }
        if (left instanceof Expr.Call call) {
            Optional<PacketField> string = string(call);
            if (string.isEmpty()) return new Condition.Constant(false);
            return equalTo(string.get(), "str(...)", right, op).orElse(new Condition.Constant(false));
        }
        if (!(left instanceof Expr.Field f)) {
            error(c.location(), "a comparison needs a field on one side");
            return new Condition.Constant(false);
        }
        Optional<PacketField> pf = field(f);
        if (pf.isEmpty()) return new Condition.Constant(false);
        PacketField field = pf.get();
        // dev.type == char / block: the device kinds of bpf_cgroup_dev_ctx (BPF_DEVCG_DEV_CHAR 2, _BLOCK 1).
        if (field == PacketField.DEV_TYPE && right instanceof Expr.Field kind && DEVICE_KINDS.containsKey(kind.name())) {
            right = new Expr.IntLiteral(DEVICE_KINDS.get(kind.name()), kind.location());
        }
        if (right instanceof Expr.Cidr) {
            error(right.location(), "a CIDR needs `in`, not " + op.symbol() + " (" + f.name() + " in ...)");
            return new Condition.Constant(false);
        }
        Optional<Condition> exact = equalTo(field, f.name(), right, op);
        if (exact.isEmpty()) return new Condition.Constant(false);
        return exact.get();
    }

    /** {@code dev.type == char}: a field and a device kind, not two fields. */
    private static boolean isDeviceKind(Expr left, Expr right) {
        return right instanceof Expr.Field f && DEVICE_KINDS.containsKey(f.name()) || left instanceof Expr.Field g && DEVICE_KINDS.containsKey(g.name());
    }

    /** An arithmetic operand: a number field (addresses and strings have no arithmetic), a number, or an operation. */
    private Optional<Condition.Value> value(Expr e) {
        if (e instanceof Expr.IntLiteral i) return Optional.of(new Condition.Value.Constant(i.value()));
        if (e instanceof Expr.Field f) {
            Optional<PacketField> pf = field(f);
            if (pf.isEmpty()) return Optional.empty();
            FieldKind kind = FieldKind.of(pf.get());
            if (pf.get().isProtocolTest() || kind == FieldKind.IPV6 || kind == FieldKind.STRING) {
                error(f.location(), f.name() + " is " + (pf.get().isProtocolTest() ? "a test" : kind.description) + ", not a number to compute with");
                return Optional.empty();
            }
            return Optional.of(new Condition.Value.Field(pf.get()));
        }
        if (e instanceof Expr.Binary bin) {
            Optional<Condition.Value> l = value(bin.left());
            Optional<Condition.Value> r = value(bin.right());
            if (l.isEmpty() || r.isEmpty()) return Optional.empty();
            return Optional.of(new Condition.Value.Binary(Condition.ArithmeticOp.valueOf(bin.op().name()), l.get(), r.get()));
        }
        error(e.location(), "arithmetic takes number fields and numbers, not " + describe(e));
        return Optional.empty();
    }

    private static boolean isFieldSide(Expr e) {
        return e instanceof Expr.Field || e instanceof Expr.Call;
    }

    /** {@code field OP literal}, with the literal's type and range checked against the field. */
    private Optional<Condition> equalTo(PacketField field, String name, Expr literal, Expr.CompareOp op) {
        FieldKind kind = FieldKind.of(field);
        Condition.CompareOp lowered = Condition.CompareOp.valueOf(op.name());
        if (kind == FieldKind.STRING) return stringEquals(field, name, literal, op);
        if (kind == FieldKind.IPV6) {
            if (!(literal instanceof Expr.Ipv6 v6)) return mismatch(field, name, literal);
            if (op != Expr.CompareOp.EQ && op != Expr.CompareOp.NE) return ordered(name, literal);
            Condition eq = new Condition.Prefix(field, v6.high(), v6.low(), 128);
            return Optional.of(op == Expr.CompareOp.EQ ? eq : new Condition.All(List.of(new Condition.Present(field), new Condition.Not(eq))));
        }
        long value;
        if (kind == FieldKind.IPV4) {
            if (!(literal instanceof Expr.Ipv4 v4)) return mismatch(field, name, literal);
            if (op != Expr.CompareOp.EQ && op != Expr.CompareOp.NE) return ordered(name, literal);
            value = v4.value();
        } else if (kind == FieldKind.MAC) {
            if (!(literal instanceof Expr.Mac mac)) return mismatch(field, name, literal);
            if (op != Expr.CompareOp.EQ && op != Expr.CompareOp.NE) return ordered(name, literal);
            value = mac.value();
        } else {
            if (!(literal instanceof Expr.IntLiteral i)) return mismatch(field, name, literal);
            value = i.value();
            long max = kind.max;
            if (kind != FieldKind.U64 && (value < 0 || value > max)) {
                error(literal.location(), value + " is out of range for " + name + " (0 to " + max + ")");
                return Optional.empty();
            }
        }
        return Optional.of(new Condition.Compare(field, lowered, value));
    }

    /** {@code comm == "bash"}, {@code str(arg0) != "/tmp/x"}: whole-string equality only. */
    private Optional<Condition> stringEquals(PacketField field, String name, Expr literal, Expr.CompareOp op) {
        if (!(literal instanceof Expr.StringLiteral text)) return mismatch(field, name, literal);
        if (op != Expr.CompareOp.EQ && op != Expr.CompareOp.NE) {
            error(literal.location(), "strings compare with == and != only");
            return Optional.empty();
        }
        byte[] bytes = text.value().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int size = 8 * field.slots();
        if (bytes.length >= size) {
            error(literal.location(), "\"" + text.value() + "\" is " + bytes.length + " bytes; " + name + " holds at most "
                    + (size - 1) + ", so it never matches");
            return Optional.empty();
        }
        for (byte x : bytes) {
            if (x == 0) {
                error(literal.location(), "a string to compare cannot hold a NUL byte");
                return Optional.empty();
            }
        }
        java.nio.ByteBuffer padded = java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN).put(bytes);
        List<Long> words = new ArrayList<>();
        for (int i = 0; i < field.slots(); i++) words.add(padded.getLong(8 * i));
        Condition eq = new Condition.BytesEqual(field, words);
        return Optional.of(op == Expr.CompareOp.EQ ? eq : new Condition.All(List.of(new Condition.Present(field), new Condition.Not(eq))));
    }

    private Optional<Condition> mismatch(PacketField field, String name, Expr literal) {
        error(literal.location(), "type mismatch: " + name + " is " + FieldKind.of(field).description + ", not " + describe(literal));
        return Optional.empty();
    }

    private Optional<Condition> ordered(String name, Expr literal) {
        error(literal.location(), "addresses have no order: use == or in with " + name);
        return Optional.empty();
    }

    private static String describe(Expr literal) {
        if (literal instanceof Expr.Ipv4) return "an IPv4 address";
        if (literal instanceof Expr.Ipv6) return "an IPv6 address";
        if (literal instanceof Expr.Mac) return "a MAC address";
        if (literal instanceof Expr.Cidr) return "a CIDR";
        if (literal instanceof Expr.StringLiteral) return "a string";
        if (literal instanceof Expr.IntLiteral) return "a number";
        return "this expression";
    }

    private static Expr.CompareOp swapped(Expr.CompareOp op) {
        switch (op) {
            case LT: return Expr.CompareOp.GT;
            case GT: return Expr.CompareOp.LT;
            case LE: return Expr.CompareOp.GE;
            case GE: return Expr.CompareOp.LE;
            default: return op;
        }
    }

    private Condition in(Expr.In in) {
        if (!(in.value() instanceof Expr.Field f)) {
            error(in.location(), "in needs a field on its left");
            return new Condition.Constant(false);
        }
        Optional<PacketField> pf = field(f);
        if (pf.isEmpty()) return new Condition.Constant(false);
        PacketField field = pf.get();
        Condition member = membership(field, f.name(), in.set());
        // `not in` is false when the field is absent, like every comparison.
        return in.negated() ? new Condition.All(List.of(new Condition.Present(field), new Condition.Not(member))) : member;
    }

    private Condition membership(PacketField field, String name, Expr.SetRef set) {
        if (set instanceof Expr.SetRef.Range r) {
            if (r.low() > r.high()) error(r.location(), "a range needs low <= high, not " + r.low() + ".." + r.high());
            Optional<Condition> low = equalTo(field, name, new Expr.IntLiteral(r.low(), r.location()), Expr.CompareOp.GE);
            Optional<Condition> high = equalTo(field, name, new Expr.IntLiteral(r.high(), r.location()), Expr.CompareOp.LE);
            if (low.isEmpty() || high.isEmpty()) return new Condition.Constant(false);
            return new Condition.All(List.of(low.get(), high.get()));
        }
        List<Expr> members;
        List<Expr.SetRef.Range> ranges;
        boolean mapBacked;
        String setName;
        if (set instanceof Expr.SetRef.Named n) {
            Optional<NamedSet> named = program.sets().stream().filter(s -> s.name().equals(n.name())).findFirst();
            if (named.isEmpty()) {
                List<String> known = program.sets().stream().map(NamedSet::name).toList();
                error(n.location(), "undefined set " + n.name() + Suggestions.nearest(n.name(), known).map(s -> "; did you mean " + s + "?").orElse(""));
                return new Condition.Constant(false);
            }
            members = named.get().members();
            ranges = named.get().ranges();
            mapBacked = !members.isEmpty();
            setName = n.name();
        } else {
            members = ((Expr.SetRef.Inline) set).members();
            ranges = ((Expr.SetRef.Inline) set).ranges();
            mapBacked = members.size() > INLINE_LIMIT;
            setName = "set" + sets.size();
        }
        // Ranges inside a set ({22, 8000..8100}) are tested beside its single members.
        List<Condition> rangeTests = new ArrayList<>();
        for (Expr.SetRef.Range r : ranges) rangeTests.add(membership(field, name, r));
        Condition members0 = members.isEmpty() ? new Condition.Any(List.of()) : singleMembers(field, name, set, members, mapBacked, setName);
        if (rangeTests.isEmpty()) return members0;
        List<Condition> any = new ArrayList<>(rangeTests);
        any.add(0, members0);
        return new Condition.Any(any);
    }

    private Condition singleMembers(PacketField field, String name, Expr.SetRef set, List<Expr> members, boolean mapBacked,
                                    String setName) {
        FieldKind kind = FieldKind.of(field);
        // A set may mix families: ip.* fields take its IPv4 members, ip6.* its IPv6 members.
        List<Expr> usable = members.stream().filter(m -> kind.accepts(m)).toList();
        for (Expr m : members) {
            if (!kind.accepts(m) && !kind.sameFamilyIgnored(m)) mismatch(field, name, m);
        }
        boolean prefixes = usable.stream().anyMatch(m -> m instanceof Expr.Cidr);
        boolean inline = set instanceof Expr.SetRef.Inline;
        if (inline && usable.size() > INLINE_LIMIT && field.slots() == 1 && usable.size() <= TREE_LIMIT) {
            return intervals(field, name, usable, List.of());
        }
        if (!mapBacked) {
            List<Condition> any = new ArrayList<>();
            for (Expr m : usable) {
                if (m instanceof Expr.Cidr c) any.add(new Condition.Prefix(field, c.high(), c.low(), c.prefix()));
                else equalTo(field, name, m, Expr.CompareOp.EQ).ifPresent(any::add);
            }
            return new Condition.Any(any);
        }
        List<ValueSet.Member> values = new ArrayList<>();
        for (Expr m : usable) {
            if (m instanceof Expr.IntLiteral) equalTo(field, name, m, Expr.CompareOp.EQ); // its range, reported if out
            ValueSet.Member.of(m).ifPresent(values::add);
        }
        boolean asPrefixes = prefixes || (set instanceof Expr.SetRef.Named && (kind == FieldKind.IPV4 || kind == FieldKind.IPV6));
        if (asPrefixes && kind != FieldKind.IPV4 && kind != FieldKind.IPV6) {
            error(members.get(0).location(), "CIDRs need an address field, not " + name);
            return new Condition.Constant(false);
        }
        String mapName = setName + "_" + field.scriptName().replace('.', '_');
        // A named set tested twice on one field is one map, shared.
        for (int i = 0; i < sets.size(); i++) {
            if (sets.get(i).name().equals(mapName)) return new Condition.InSet(field, i);
        }
        sets.add(new ValueSet(mapName, field, asPrefixes ? ValueSet.Kind.PREFIX : ValueSet.Kind.EXACT, values,
                set instanceof Expr.SetRef.Named n ? n.name() : ""));
        return new Condition.InSet(field, sets.size() - 1);
    }

    /**
     * Members (numbers, IPv4 and MAC addresses, IPv4 CIDRs) and ranges of a one-slot field as the
     * intervals they cover; a range or literal out of the field's range is reported.
     */
    private Condition intervals(PacketField field, String name, List<Expr> members, List<Expr.SetRef.Range> ranges) {
        List<Condition.InIntervals.Interval> out = new ArrayList<>();
        for (Expr m : members) {
            if (m instanceof Expr.Cidr c) {
                long size = c.prefix() == 0 ? 0xffffffffL : (1L << (32 - c.prefix())) - 1;
                out.add(new Condition.InIntervals.Interval(c.high(), c.high() | size));
            } else if (equalTo(field, name, m, Expr.CompareOp.EQ).orElse(null) instanceof Condition.Compare eq) {
                out.add(new Condition.InIntervals.Interval(eq.value(), eq.value()));
            }
        }
        for (Expr.SetRef.Range r : ranges) out.add(new Condition.InIntervals.Interval(r.low(), r.high()));
        return new Condition.InIntervals(field, Condition.InIntervals.normalise(out));
    }
}
