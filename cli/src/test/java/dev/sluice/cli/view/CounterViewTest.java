package dev.sluice.cli.view;

import dev.sluice.compiler.image.AggregateKind;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.CounterValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CounterViewTest {
    private static CounterValue plain(String name, long value) {
        return new CounterValue(name, Optional.empty(), value);
    }

    private static CounterValue keyed(String name, long value, Object... key) {
        return new CounterValue(name, Optional.of(List.of(key)), value);
    }

    @Test
    void plainCountersSortByValueThenTablesThenHistograms() {
        String text = CounterView.render(List.of(
                plain("dns", 7), plain("all", 40), plain("drops", 0),
                keyed("ports", 3L, 443L), keyed("ports", 9L, 22L),
                keyed("sizes", 2L, 3L), keyed("sizes", 8L, 5L)),
                Map.of("ports", AggregateKind.COUNT, "sizes", AggregateKind.HIST));
        String[] lines = text.split("\n");
        assertEquals("@drops: 0", lines[0]);
        assertEquals("@dns: 7", lines[1]);
        assertEquals("@all: 40", lines[2]);
        assertEquals("@ports[443]: 3", lines[3]);
        assertEquals("@ports[22]: 9", lines[4]);
        assertEquals("@sizes:", lines[5]);
        assertTrue(lines[6].startsWith("[4, 8)") && lines[6].contains("       2 |"), lines[6]);
        assertTrue(lines[7].startsWith("[8, 16)") && lines[7].contains("       0 |"), lines[7]);
        assertTrue(lines[8].startsWith("[16, 32)") && lines[8].contains("|" + "@".repeat(52) + "|"), lines[8]);
    }

    @Test
    void histogramsWithKeysAreOnePerKey() {
        String text = CounterView.render(List.of(
                keyed("lat", 1L, "bash", 1L), keyed("lat", 4L, "curl", 2L)),
                Map.of("lat", AggregateKind.HIST));
        assertTrue(text.contains("@lat[bash]:\n[1] "), text);
        assertTrue(text.contains("@lat[curl]:\n[2, 4) "), text);
    }

    @Test
    void keysPrintUnsignedAndJoined() {
        assertEquals("18446744073709551615, 10.0.0.1", CounterView.text(List.of(-1L, "10.0.0.1")));
    }
}
