package dev.sluice.compiler.lower;

import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The condition of a rule: {@code and}/{@code or}/{@code not}, protocol and flag tests,
 * comparisons of a field with a literal ({@link LiteralComparison}), of computed values
 * ({@link Condition.CompareValues}), and set membership ({@link SetLowering}). On an error it
 * reports and returns a constant that keeps lowering going, so that every problem is found.
 */
final class ConditionLowering {
    /** dev.type == char / block: the device kinds of bpf_cgroup_dev_ctx (BPF_DEVCG_DEV_CHAR 2, _BLOCK 1). */
    private static final Map<String, Integer> DEVICE_KINDS = Map.of("char", 2, "block", 1);

    private final FieldLowering fields;
    private final TraceLowering trace;
    private final LiteralComparison literals;
    private final SetLowering sets;
    private final BiConsumer<SourceLocation, String> error;
    private final RawBytesLowering rawBytes;

    ConditionLowering(FieldLowering fields, TraceLowering trace, LiteralComparison literals, SetLowering sets,
                      BiConsumer<SourceLocation, String> error) {
        this.fields = fields;
        this.trace = trace;
        this.literals = literals;
        this.sets = sets;
        this.error = error;
        this.rawBytes = new RawBytesLowering(fields::rawBytesRefusal, this::arithmetic, error);
    }

    /** The condition a model expression means; on errors, a constant that keeps lowering going. */
    Condition condition(Expr e) {
        if (e instanceof Expr.And a) return new Condition.All(List.of(condition(a.left()), condition(a.right())));
        if (e instanceof Expr.Or o) return new Condition.Any(List.of(condition(o.left()), condition(o.right())));
        if (e instanceof Expr.Not n) return new Condition.Not(condition(n.operand()));
        if (e instanceof Expr.Field f) {
            Optional<PacketField> pf = fields.field(f);
            if (pf.isEmpty()) return new Condition.Constant(false);
            Optional<Integer> flag = FieldLowering.flagBit(f.name());
            if (flag.isPresent()) return new Condition.AnyBits(pf.get(), flag.get());
            if (!pf.get().isProtocolTest()) {
                error.accept(f.location(), f.name() + " is a value, not a test; compare it (" + f.name() + " == ...)");
                return new Condition.Constant(false);
            }
            return new Condition.Present(pf.get());
        }
        if (e instanceof Expr.Compare c) return compare(c);
        if (e instanceof Expr.In in) return in.value() instanceof Expr.RawBytes ? rawBytes.in(in) : sets.in(in);
        if (e instanceof Expr.Pcap pcap) return PcapLowering.condition(pcap, fields.pcapRefusal(), error);
        error.accept(e.location(), "this is a value, not a condition");
        return new Condition.Constant(false);
    }

    private Condition compare(Expr.Compare c) {
        Expr left = c.left();
        Expr right = c.right();
        Expr.CompareOp op = c.op();
        if (left instanceof Expr.Binary || right instanceof Expr.Binary || left instanceof Expr.RawBytes || right instanceof Expr.RawBytes
                || left instanceof Expr.Field && right instanceof Expr.Field && !isDeviceKind(left, right)) {
            Optional<Condition.Value> l = right instanceof Expr.RawBytes raw ? rawBytes.literal(raw, left) : arithmetic(left);
            Optional<Condition.Value> r = left instanceof Expr.RawBytes raw ? rawBytes.literal(raw, right) : arithmetic(right);
            if (l.isEmpty() || r.isEmpty()) return new Condition.Constant(false);
            if (Math.max(l.get().depth(), 1 + r.get().depth()) > 5) {
                error.accept(c.location(), "this expression nests too deep to evaluate (at most 4 operations on its right-hand sides)");
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
            Optional<PacketField> string = trace.string(call);
            if (string.isEmpty()) return new Condition.Constant(false);
            return literals.compare(string.get(), "str(...)", right, op).orElse(new Condition.Constant(false));
        }
        if (!(left instanceof Expr.Field f)) {
            error.accept(c.location(), "a comparison needs a field on one side");
            return new Condition.Constant(false);
        }
        Optional<PacketField> pf = fields.field(f);
        if (pf.isEmpty()) return new Condition.Constant(false);
        PacketField field = pf.get();
        if (field == PacketField.DEV_TYPE && right instanceof Expr.Field kind && DEVICE_KINDS.containsKey(kind.name())) {
            right = new Expr.IntLiteral(DEVICE_KINDS.get(kind.name()), kind.location());
        }
        if (right instanceof Expr.Cidr) {
            error.accept(right.location(), "a CIDR needs `in`, not " + op.symbol() + " (" + f.name() + " in ...)");
            return new Condition.Constant(false);
        }
        return literals.compare(field, f.name(), right, op).orElse(new Condition.Constant(false));
    }

    /** {@code dev.type == char}: a field and a device kind, not two fields. */
    private static boolean isDeviceKind(Expr left, Expr right) {
        return right instanceof Expr.Field f && DEVICE_KINDS.containsKey(f.name())
                || left instanceof Expr.Field g && DEVICE_KINDS.containsKey(g.name());
    }

    /** An arithmetic operand: a number field (addresses and strings have no arithmetic), a number, or an operation. */
    Optional<Condition.Value> arithmetic(Expr e) {
        if (e instanceof Expr.IntLiteral i) return Optional.of(new Condition.Value.Constant(i.value()));
        if (e instanceof Expr.RawBytes raw) return rawBytes.value(raw);
        if (e instanceof Expr.Field f) {
            Optional<PacketField> pf = fields.field(f);
            if (pf.isEmpty()) return Optional.empty();
            FieldKind kind = FieldKind.of(pf.get());
            if (pf.get().isProtocolTest() || kind == FieldKind.IPV6 || kind == FieldKind.STRING) {
                error.accept(f.location(), f.name() + " is " + (pf.get().isProtocolTest() ? "a test" : kind.description)
                        + ", not a number to compute with");
                return Optional.empty();
            }
            return Optional.of(new Condition.Value.Field(pf.get()));
        }
        if (e instanceof Expr.Binary bin) {
            Optional<Condition.Value> l = arithmetic(bin.left());
            Optional<Condition.Value> r = arithmetic(bin.right());
            if (l.isEmpty() || r.isEmpty()) return Optional.empty();
            return Optional.of(new Condition.Value.Binary(Condition.ArithmeticOp.valueOf(bin.op().name()), l.get(), r.get()));
        }
        error.accept(e.location(), "arithmetic takes number fields and numbers, not " + LiteralComparison.describe(e));
        return Optional.empty();
    }

    private static boolean isFieldSide(Expr e) {
        return e instanceof Expr.Field || e instanceof Expr.Call;
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
}
