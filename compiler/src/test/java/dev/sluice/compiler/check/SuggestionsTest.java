package dev.sluice.compiler.check;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.hooks.PacketField;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    static final List<String> FIELDS = Arrays.stream(PacketField.values()).map(PacketField::scriptName).toList();

    @Test
    void typosFindTheField() {
        assertEquals(Optional.of("tcp.dport"), Suggestions.nearest("tcp.dprot", FIELDS));
        assertEquals(Optional.of("tcp.dport"), Suggestions.nearest("tcp.dpot", FIELDS));
        assertEquals(Optional.of("ip6.src"), Suggestions.nearest("ipv6.src", FIELDS));
        assertEquals(Optional.of("udp.sport"), Suggestions.nearest("UDP.sport", FIELDS));
    }

    @Test
    void farNamesSuggestNothing() {
        assertEquals(Optional.empty(), Suggestions.nearest("banana", FIELDS));
        assertEquals(Optional.empty(), Suggestions.nearest("x", List.of("xdp_1_long_name")));
    }

    @Test
    void distanceCountsTranspositionsOnce() {
        assertEquals(1, Suggestions.distance("dprot", "dport"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
        assertEquals(0, Suggestions.distance("", ""));
    }
}
