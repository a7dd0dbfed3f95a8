package dev.sluice.compiler;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One counter reading: a plain counter ({@code key} empty) or one key of a counter with {@code by}
 * (its values decoded by {@link CounterKeys}). Both back ends, interpreter and kernel, report these.
 */
public record CounterValue(String name, Optional<List<Object>> key, long value) {
    /** Rejects a reading without a name; copies the key. */
    public CounterValue {
        Objects.requireNonNull(name);
        key = key.map(List::copyOf);
    }

    /** By name, then plain before keyed, then key values (numbers numerically, text as text). */
    public static final Comparator<CounterValue> ORDER = Comparator.comparing(CounterValue::name)
            .thenComparing((a, b) -> compareKeys(a.key.orElse(List.of()), b.key.orElse(List.of())));

    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object x = a.get(i), y = b.get(i);
            int c = x instanceof Long l && y instanceof Long m ? Long.compareUnsigned(l, m) : x.toString().compareTo(y.toString());
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }
}
