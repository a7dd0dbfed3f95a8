package dev.sluice.compiler.lower;

import dev.sluice.compiler.hooks.ContextAccess;
import dev.sluice.compiler.image.AggregateKind;

import java.util.List;
import java.util.Objects;

/**
 * A packet program after lowering: where the packet is read from, the statements, the code
 * returned when they end without a verdict, how many plain counters it keeps (slots of one
 * per-CPU array, map #0), the sets it tests membership in (maps #1 onward), and its keyed
 * counters (per-CPU hashes, after the sets), the interfaces it redirects to (their ifindexes in
 * one array map), and its print formats (events through one ring buffer, last).
 */
public record FilterProgram(ContextAccess access, List<Statement> body, int defaultVerdict, int counters,
                            List<ValueSet> sets, List<KeyedCounter> keyedCounters, List<String> redirectTargets,
                            List<String> printFormats, TraceSetup trace) {
    public FilterProgram {
        Objects.requireNonNull(access);
        Objects.requireNonNull(trace);
        body = List.copyOf(body);
        sets = List.copyOf(sets);
        keyedCounters = List.copyOf(keyedCounters);
        redirectTargets = List.copyOf(redirectTargets);
        printFormats = List.copyOf(printFormats);
    }

    public FilterProgram(ContextAccess access, List<Statement> body, int defaultVerdict, int counters,
                         List<ValueSet> sets, List<KeyedCounter> keyedCounters, List<String> redirectTargets,
                         List<String> printFormats) {
        this(access, body, defaultVerdict, counters, sets, keyedCounters, redirectTargets, printFormats, TraceSetup.NONE);
    }

    public FilterProgram(ContextAccess access, List<Statement> body, int defaultVerdict, int counters,
                         List<ValueSet> sets, List<KeyedCounter> keyedCounters, List<String> redirectTargets) {
        this(access, body, defaultVerdict, counters, sets, keyedCounters, redirectTargets, List.of(), TraceSetup.NONE);
    }

    public FilterProgram(ContextAccess access, List<Statement> body, int defaultVerdict, int counters,
                         List<ValueSet> sets, List<KeyedCounter> keyedCounters) {
        this(access, body, defaultVerdict, counters, sets, keyedCounters, List.of());
    }

    public FilterProgram(ContextAccess access, List<Statement> body, int defaultVerdict, int counters,
                         List<ValueSet> sets) {
        this(access, body, defaultVerdict, counters, sets, List.of(), List.of());
    }

    public FilterProgram(ContextAccess access, List<Statement> body, int defaultVerdict, int counters) {
        this(access, body, defaultVerdict, counters, List.of(), List.of(), List.of());
    }

    /**
     * An aggregate kept per key (none for a single total): a count, a sum, or a log2 histogram
     * (whose key ends with the bucket). {@code key} holds the fields it was first fed by: their
     * types fix the map's key layout and how keys read back; every statement feeding it names its
     * own fields, of the same types ({@link #accepts}).
     */
    public record KeyedCounter(String name, List<dev.sluice.compiler.hooks.PacketField> key, int maxEntries, AggregateKind kind) {
        public KeyedCounter {
            key = List.copyOf(key);
            Objects.requireNonNull(kind);
            for (var f : key) {
                if (f.isProtocolTest()) throw new IllegalArgumentException(f.scriptName() + " has no value to key by");
            }
        }

        public KeyedCounter(String name, List<dev.sluice.compiler.hooks.PacketField> key, int maxEntries) {
            this(name, key, maxEntries, AggregateKind.COUNT);
        }

        /** Whether {@code fields} can feed this aggregate: as many as its key, each of the same key type. */
        public boolean accepts(List<dev.sluice.compiler.hooks.PacketField> fields) {
            if (fields.size() != key.size()) return false;
            for (int i = 0; i < key.size(); i++) {
                if (!FieldKind.keyType(fields.get(i)).equals(FieldKind.keyType(key.get(i)))) return false;
            }
            return true;
        }

        /** Key bytes: 8 per value slot, as the parser stores them, 8 for a histogram's bucket; at least 8. An array's 4. */
        public int keySize() {
            if (arrayBacked()) return 4;
            int size = key.stream().mapToInt(f -> 8 * f.slots()).sum() + (kind == AggregateKind.HIST ? 8 : 0);
            return Math.max(8, size);
        }

        /**
         * Whether this aggregate lives in a per-CPU array indexed by its one u8 key's value (whose
         * lookups the kernel inlines) rather than a per-CPU hash; its readers skip the indexes still
         * at zero. Every u8 field feeding it uses the same array.
         */
        public boolean arrayBacked() {
            return kind != AggregateKind.HIST && key.size() == 1 && FieldKind.of(key.get(0)) == FieldKind.U8;
        }

        public int mapEntries() {
            return arrayBacked() ? 256 : maxEntries;
        }
    }
}
