package dev.sluice.compiler.lower;

import dev.sluice.compiler.image.AggregateKind;
import dev.sluice.compiler.hooks.PacketField;
import dev.sluice.dsl.model.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The counters of one program by name: plain counters (slots of one per-CPU array) and keyed
 * aggregates (one map each). One name keeps one shape: no key, or keys of one type, so that
 * {@code count proto by ip.proto} and {@code count proto by ip6.next} feed one map; each statement
 * names its own key fields.
 */
final class Aggregates {
    private static final int MAX_ENTRIES = 10240;

    private final Map<String, Integer> plain = new LinkedHashMap<>();
    private final List<FilterProgram.KeyedCounter> keyed = new ArrayList<>();
    private final Map<String, Integer> keyedIndex = new LinkedHashMap<>();
    private final BiConsumer<SourceLocation, String> error;

    Aggregates(BiConsumer<SourceLocation, String> error) {
        this.error = error;
    }

    /** {@code count NAME}: the slot of plain counter {@code name}. */
    Statement count(String name, SourceLocation at) {
        if (keyedIndex.containsKey(name)) error.accept(at, "counter " + name + " is also counted by a key");
        return new Statement.Count(plain.computeIfAbsent(name, n -> plain.size()));
    }

    /** {@code count NAME by KEY}; empty (reported) when the name has another shape. */
    Optional<Statement> countBy(String name, List<PacketField> key, SourceLocation at) {
        if (plain.containsKey(name)) {
            error.accept(at, "counter " + name + " is also counted without a key");
            return Optional.empty();
        }
        return index(name, key, AggregateKind.COUNT, at).map(i -> new Statement.CountBy(i, key));
    }

    /** The map index of sum or histogram {@code name} fed by {@code key}; empty (reported) when its shape differs. */
    Optional<Integer> aggregate(String name, List<PacketField> key, AggregateKind kind, SourceLocation at) {
        if (plain.containsKey(name)) {
            error.accept(at, "counter " + name + " is also counted with count");
            return Optional.empty();
        }
        return index(name, key, kind, at);
    }

    private Optional<Integer> index(String name, List<PacketField> key, AggregateKind kind, SourceLocation at) {
        Integer index = keyedIndex.get(name);
        if (index == null) {
            keyed.add(new FilterProgram.KeyedCounter(name, key, MAX_ENTRIES, kind));
            keyedIndex.put(name, keyed.size() - 1);
            return Optional.of(keyed.size() - 1);
        }
        FilterProgram.KeyedCounter first = keyed.get(index);
        if (first.kind() != kind) {
            error.accept(at, name + " is used elsewhere as a " + word(first.kind()) + ", here as a " + word(kind)
                    + "; one name keeps one kind of aggregate");
            return Optional.empty();
        }
        if (!first.accepts(key)) {
            error.accept(at, word(kind) + " " + name + " is keyed by " + types(first.key()) + " elsewhere, here by " + types(key)
                    + "; one name keeps one key type");
            return Optional.empty();
        }
        return Optional.of(index);
    }

    private static String word(AggregateKind kind) {
        switch (kind) {
            case SUM: return "sum";
            case HIST: return "histogram";
            default: return "counter";
        }
    }

    /** {@code u8 (ip.proto)}, {@code (ipv4, u16) (ip.src, tcp.dport)}, or {@code no key}. */
    private static String types(List<PacketField> key) {
        if (key.isEmpty()) return "no key";
        List<String> types = key.stream().map(FieldKind::keyType).toList();
        List<String> names = key.stream().map(PacketField::scriptName).toList();
        return key.size() == 1 ? types.get(0) + " (" + names.get(0) + ")"
                : "(" + String.join(", ", types) + ") (" + String.join(", ", names) + ")";
    }

    /** Names of the plain counters, by slot. */
    List<String> plainNames() {
        return new ArrayList<>(plain.keySet());
    }

    List<FilterProgram.KeyedCounter> keyed() {
        return keyed;
    }
}
