package dev.sluice.compiler.lower;

import dev.sluice.compiler.hooks.PacketField;
import java.util.List;
import java.util.Objects;

/**
 * A lowered condition over a parsed packet. A comparison on a field that is absent is false,
 * whatever the operator; {@link Not} negates the whole condition (docs/LANGUAGE.md).
 */
public sealed interface Condition {

    /** The field is present (for a protocol test: the protocol holds). */
    record Present(PacketField field) implements Condition {
        public Present {
            Objects.requireNonNull(field);
        }
    }

    /** {@code field OP value} on a one-slot numeric field (ports, IPv4 as a number, MACs as 48-bit numbers). */
    record Compare(PacketField field, CompareOp op, long value) implements Condition {
        public Compare {
            Objects.requireNonNull(field);
            Objects.requireNonNull(op);
            if (field.slots() != 1) throw new IllegalArgumentException(field.scriptName() + " is not a one-slot field");
        }

        // Written out, as the commonest condition: a record's generated equals and hashCode are
        // bootstrapped through method handles on first use, which costs a cold compile milliseconds.
        @Override
        public boolean equals(Object o) {
            return o instanceof Compare c && field == c.field && op == c.op && value == c.value;
        }

        @Override
        public int hashCode() {
            return (field.hashCode() * 31 + op.hashCode()) * 31 + Long.hashCode(value);
        }
    }

    /** {@code field} has the top {@code bits} of {@code high:low} (IPv6 uses both halves; one-slot fields only {@code high}). */
    record Prefix(PacketField field, long high, long low, int bits) implements Condition {
        public Prefix {
            Objects.requireNonNull(field);
            int width = field.slots() == 2 ? 128 : field.isIpv4Address() ? 32 : 64;
            if (bits < 0 || bits > width) throw new IllegalArgumentException("prefix /" + bits + " of a " + width + "-bit field");
        }
    }

    /** {@code field & mask} is not zero (flag tests such as {@code tcp.syn}); false when absent. */
    record AnyBits(PacketField field, int mask) implements Condition {
        public AnyBits {
            Objects.requireNonNull(field);
        }
    }

    /**
     * A string field (comm, str()) equals a literal: its slots hold {@code words} (the literal's
     * bytes, little-endian, zero-padded to the field's size; the field's buffer is zeroed before it
     * is filled, so the bytes after the terminating NUL are zero too).
     */
    record BytesEqual(PacketField field, List<Long> words) implements Condition {
        public BytesEqual {
            Objects.requireNonNull(field);
            words = List.copyOf(words);
            if (words.size() != field.slots()) throw new IllegalArgumentException(field.scriptName() + " has " + field.slots() + " slots");
        }
    }

    /**
     * {@code field}'s value lies in one of {@code intervals} (unsigned, sorted, disjoint, not
     * adjacent): a set of numbers, addresses, ranges and IPv4 CIDRs compiled into a balanced tree of
     * comparisons, about log2(n) deep, with no map.
     */
    record InIntervals(PacketField field, List<Interval> intervals) implements Condition {
        public record Interval(long low, long high) {}

        public InIntervals {
            Objects.requireNonNull(field);
            intervals = List.copyOf(intervals);
            if (field.slots() != 1) throw new IllegalArgumentException(field.scriptName() + " is not a one-slot field");
            for (int i = 0; i < intervals.size(); i++) {
                Interval iv = intervals.get(i);
                if (Long.compareUnsigned(iv.low(), iv.high()) > 0) throw new IllegalArgumentException("interval " + iv);
                if (i > 0 && Long.compareUnsigned(intervals.get(i - 1).high(), iv.low()) >= 0) {
                    throw new IllegalArgumentException("intervals overlap or are unsorted at " + iv);
                }
            }
        }

        /** Sorted, with overlapping and adjacent intervals joined. */
        public static List<Interval> normalise(List<Interval> in) {
            List<Interval> sorted = new java.util.ArrayList<>(in);
            sorted.sort((a, b) -> Long.compareUnsigned(a.low(), b.low()));
            List<Interval> out = new java.util.ArrayList<>();
            for (Interval iv : sorted) {
                if (!out.isEmpty()) {
                    Interval last = out.get(out.size() - 1);
                    boolean touches = last.high() == -1L || Long.compareUnsigned(iv.low(), last.high() + 1) <= 0;
                    if (touches) {
                        if (Long.compareUnsigned(iv.high(), last.high()) > 0) out.set(out.size() - 1, new Interval(last.low(), iv.high()));
                        continue;
                    }
                }
                out.add(iv);
            }
            return out;
        }
    }

    /**
     * {@code left OP right} on unsigned 64-bit arithmetic over fields and constants
     * ({@code tcp.flags & 0x12 == 0x02}); false when a field in it is absent.
     */
    record CompareValues(Value left, CompareOp op, Value right) implements Condition {
        public CompareValues {
            Objects.requireNonNull(left);
            Objects.requireNonNull(op);
            Objects.requireNonNull(right);
        }
    }

    /** An arithmetic expression: wrapping unsigned 64-bit, {@code x / 0} and {@code x % 0} give 0 (docs/LANGUAGE.md). */
    sealed interface Value {
        record Field(PacketField field) implements Value {
            public Field {
                if (field.slots() != 1) throw new IllegalArgumentException(field.scriptName() + " is not a number");
            }
        }

        record Constant(long value) implements Value {}

        record Binary(ArithmeticOp op, Value left, Value right) implements Value {}

        /**
         * {@code size} bytes (1, 2 or 4) big-endian at {@code offset} from {@code header}'s start; the
         * comparison or aggregate reading it does not happen when the read would pass the packet's end.
         */
        record RawBytes(dev.sluice.compiler.hooks.RawHeader header, Value offset, int size) implements Value {
            public RawBytes {
                Objects.requireNonNull(header);
                Objects.requireNonNull(offset);
                if (size != 1 && size != 2 && size != 4) throw new IllegalArgumentException("raw read of " + size + " bytes");
            }
        }

        /** Registers the evaluation needs: one per level of the tree's right-hand nesting. */
        default int depth() {
            if (this instanceof Binary b) return Math.max(b.left().depth(), 1 + b.right().depth());
            // The offset's registers, then one more for the packet pointer.
            if (this instanceof RawBytes r) return Math.max(r.offset().depth(), 2);
            return 1;
        }

        /** The fields and tests that must be present for the value to be there. */
        default void fields(java.util.Set<PacketField> out) {
            if (this instanceof Field f) out.add(f.field());
            if (this instanceof RawBytes r) {
                out.add(r.header().test());
                r.header().start().ifPresent(out::add);
                r.offset().fields(out);
            }
            if (this instanceof Binary b) {
                b.left().fields(out);
                b.right().fields(out);
            }
        }
    }

    enum ArithmeticOp { MUL, DIV, MOD, ADD, SUB, SHL, SHR, AND, OR }

    /** {@code field} is in set {@code set} of the program (a map filled at load). */
    record InSet(PacketField field, int set) implements Condition {
        public InSet {
            Objects.requireNonNull(field);
        }
    }

    record All(List<Condition> conditions) implements Condition {
        public All {
            conditions = List.copyOf(conditions);
        }
    }

    record Any(List<Condition> conditions) implements Condition {
        public Any {
            conditions = List.copyOf(conditions);
        }
    }

    record Not(Condition condition) implements Condition {
        public Not {
            Objects.requireNonNull(condition);
        }
    }

    record Constant(boolean value) implements Condition {}

    /** {@code pcap "EXPR"}: libpcap's meaning, read straight from the frame (dev.sluice.compiler.pcap). */
    record Pcap(dev.sluice.compiler.pcap.PcapTest test) implements Condition {
        public Pcap {
            Objects.requireNonNull(test);
        }
    }

    enum CompareOp {
        EQ, NE, LT, LE, GT, GE;

        public boolean test(long left, long right) {
            int c = Long.compareUnsigned(left, right);
            switch (this) {
                case EQ: return c == 0;
                case NE: return c != 0;
                case LT: return c < 0;
                case LE: return c <= 0;
                case GT: return c > 0;
                default: return c >= 0;
            }
        }
    }
}
