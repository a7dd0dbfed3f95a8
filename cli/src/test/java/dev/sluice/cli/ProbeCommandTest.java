package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.KernelTest;
import org.junit.jupiter.api.Test;

class ProbeCommandTest {
    @Test
    @KernelTest
    void jsonFollowsTheSpec() {
        MainTest.Outcome o = MainTest.run("probe", "--format", "json");
        assertEquals(0, o.code(), o.err());
        String json = o.out().strip();
        assertTrue(json.startsWith("{\"kernel\":\""), json);
        for (String section : new String[] {"program_types", "map_types", "helpers", "attach", "isa"}) {
            assertTrue(json.contains("\"" + section + "\":{"), section + " in " + json);
        }
        assertTrue(json.contains("\"xdp\":\"yes\"") && json.contains("\"lpm_trie\":\"yes\"") && json.contains("\"tcx\":\"yes\""), json);
        assertTrue(json.contains("\"v4\":\"yes\""), json);
    }

    @Test
    @KernelTest
    void tableIsForPeopleAndBadFormatIsUsage() {
        MainTest.Outcome o = MainTest.run("probe");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("attach kinds"), o.out());
        assertEquals(ExitCodes.USAGE, MainTest.run("probe", "--format", "xml").code());
    }
}
