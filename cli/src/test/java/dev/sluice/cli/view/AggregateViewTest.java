package dev.sluice.cli.view;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AggregateViewTest {
    @Test
    void tablesSortByValue() {
        Map<String, Long> opens = new LinkedHashMap<>();
        opens.put("bash", 12L);
        opens.put("curl", 3L);
        opens.put("sshd", 40L);
        assertEquals("@opens[curl]: 3\n@opens[bash]: 12\n@opens[sshd]: 40\n", AggregateView.table("opens", opens));
        assertEquals("@total: 5050\n", AggregateView.table("total", Map.of("", 5050L)));
    }

    @Test
    void bucketLabelsAreBpftraces() {
        assertEquals("[0]", AggregateView.label(0));
        assertEquals("[1]", AggregateView.label(1));
        assertEquals("[2, 4)", AggregateView.label(2));
        assertEquals("[512, 1K)", AggregateView.label(10));
        assertEquals("[1K, 2K)", AggregateView.label(11));
        assertEquals("[1M, 2M)", AggregateView.label(21));
    }

    @Test
    void histogramsHaveBarsAndFillGaps() {
        TreeMap<Integer, Long> buckets = new TreeMap<>(Map.of(2, 1L, 4, 4L, 5, 8L));
        String h = AggregateView.histogram("returns", buckets);
        String[] lines = h.split("\n");
        assertEquals("@returns:", lines[0]);
        assertEquals(5, lines.length);
        assertTrue(lines[1].startsWith("[2, 4)") && lines[1].contains("       1 |@@@@@@@ "), lines[1]);
        assertTrue(lines[2].startsWith("[4, 8)") && lines[2].contains("       0 |    "), lines[2]);
        assertTrue(lines[4].contains("|" + "@".repeat(52) + "|"), lines[4]);
    }
}
