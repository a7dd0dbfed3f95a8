package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.testing.KernelTest;
import org.junit.jupiter.api.Test;

class CheckCommandTest {
    @Test
    @KernelTest
    void everyProgramIsAcceptedWithItsCounts() {
        MainTest.Outcome o = MainTest.run("check", CompileCommandTest.RULES.resolve("Rules.java").toString(), "--format", "json");
        assertEquals(0, o.code(), o.err());
        var lines = o.out().lines().toList();
        assertEquals(2, lines.size(), o.out());
        assertTrue(lines.get(0).matches("\\{\"program\":\"ssh\",\"insns\":[0-9]+,\"verified\":[1-9][0-9]*,\"accepted\":true}"), lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"program\":\"firewall\""), lines.get(1));
    }

    @Test
    @KernelTest
    void tableListsEachProgram() {
        MainTest.Outcome o = MainTest.run("check", CompileCommandTest.RULES.resolve("Rules.java").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("program   hook            insns  verified  result\n"), o.out());
        assertTrue(o.out().contains("accepted"), o.out());
    }
}
