package dev.sluice.compiler;

import java.util.List;
import java.util.Map;

/** Where a back end (interpreter or kernel) reads counters from, for {@link ImageLookups#counterValues}. */
public interface CounterSource {
    /** Plain counter {@code slot}, summed over CPUs. */
    long plain(int slot);

    /** The keys and values (summed over CPUs) of the map at {@code mapIndex}. */
    List<Map.Entry<byte[], Long>> keyed(int mapIndex);
}
