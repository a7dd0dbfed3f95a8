package dev.sluice.dsl;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Literals;
import dev.sluice.dsl.model.NamedSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceHooksAndIntegersTest {
    @Test
    void traceHooksFromJava() {
        assertEquals(new Hook.Kprobe("do_sys_openat2", false), kprobe("do_sys_openat2").hook());
        assertEquals("kretprobe", kretprobe("vfs_read").hook().kind());
        assertEquals(new Hook.Uprobe("/bin/bash", "readline", true), uretprobe("/bin/bash", "readline").hook());
        assertEquals("uprobe", uprobe("/bin/bash", "readline").hook().kind());
        assertEquals(new Hook.Tracepoint("syscalls", "sys_enter_execve"), tracepoint("syscalls", "sys_enter_execve").hook());
        assertEquals(new Hook.Profile(99), profile(99).hook());
        assertEquals(Optional.empty(), profile(99).name());
    }

    @Test
    void integersAreUnsigned64Bit() {
        assertEquals(-1L, Literals.integer("18446744073709551615"));
        assertEquals(Long.MIN_VALUE, Literals.integer("0x8000000000000000"));
        assertEquals(42L, Literals.integer("42"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Literals.integer("18446744073709551616"));
        assertEquals("'18446744073709551616' is too large for 64 bits (at most 18446744073709551615)", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Literals.integer("0x1ffffffffffffffff")).getMessage().contains("too large"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Literals.integer("12ab")).getMessage().contains("is not a number"));
    }

    @Test
    void aSetFromJavaHasNoFile() {
        NamedSet s = set("trusted", "10.0.0.0/8");
        assertEquals(Optional.empty(), s.file());
        assertEquals(List.of(), s.ranges());
    }
}
