package dev.sluice.compiler;

import dev.sluice.compiler.image.MapRole;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.compiler.image.RoleAt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every back end looks up in a program's image: a counter's slot, a named set's maps, and the
 * reading of every counter. Apart from {@link CompiledProgram} so that a running program needs only
 * the image, never the compiled program that makes it.
 */
public final class ImageLookups {
    private ImageLookups() {}

    /**
     * Every counter: plain ones (even at 0), then one reading per key seen, in
     * {@link CounterValue#ORDER}. An array-backed aggregate has every index; the ones still at 0
     * are not keys seen.
     */
    public static List<CounterValue> counterValues(ProgramImage image, CounterSource source) {
        List<CounterValue> out = new ArrayList<>();
        List<String> names = image.counterNames();
        for (int slot = 0; slot < names.size(); slot++) {
            out.add(new CounterValue(names.get(slot), Optional.empty(), source.plain(slot)));
        }
        for (RoleAt<MapRole.Aggregate> at : image.maps().aggregates()) {
            MapRole.Aggregate counter = at.role();
            for (Map.Entry<byte[], Long> e : source.keyed(at.index())) {
                if (counter.arrayBacked() && e.getValue() == 0) continue;
                out.add(new CounterValue(counter.name(), Optional.of(CounterKeys.decode(counter, e.getKey())), e.getValue()));
            }
        }
        out.sort(CounterValue.ORDER);
        return out;
    }

    /** The slot of plain counter {@code counter} of program {@code program}; an unknown name is an {@link IllegalArgumentException}. */
    public static int counterSlot(String program, ProgramImage image, String counter) {
        List<String> names = image.counterNames();
        int slot = names.indexOf(counter);
        if (slot < 0) throw new IllegalArgumentException("program " + program + " has no counter " + counter + " (it has " + names + ")");
        return slot;
    }

    /**
     * The maps of named set {@code set} (one per field the rules test it on), with their roles; a set
     * the program does not test in a map is an {@link IllegalArgumentException}.
     */
    public static List<RoleAt<MapRole.Set>> namedSet(String program, ProgramImage image, String set) {
        List<RoleAt<MapRole.Set>> maps = image.maps().sets().stream().filter(s -> s.role().origin().equals(set)).toList();
        if (maps.isEmpty()) {
            throw new IllegalArgumentException(program + " tests no named set " + set
                    + " (named sets that are tested become maps; inline sets are compiled into the code)");
        }
        return maps;
    }
}
