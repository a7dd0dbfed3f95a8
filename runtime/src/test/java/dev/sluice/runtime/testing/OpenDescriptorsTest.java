package dev.sluice.runtime.testing;

import dev.sluice.compiler.testing.Requirements;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import dev.sluice.runtime.BpfMap;
import java.io.FileInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class OpenDescriptorsTest {
    @TempDir
    Path dir;

    @Test
    void countsWhatThisProcessOpens() throws Exception {
        OpenDescriptors fds = OpenDescriptors.ofThisProcess();
        Path file = Files.writeString(dir.resolve("f"), "x");
        int before = fds.all();
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            assertEquals(before + 1, fds.all());
        }
        assertEquals(before, fds.all());
    }

    @Test
    void countsBpfObjects() {
        KernelRequirement.bpf();
        OpenDescriptors fds = OpenDescriptors.ofThisProcess();
        long before = fds.bpf();
        try (BpfMap map = BpfMap.create(new MapSpec("fdcount", MapType.ARRAY, 4, 4, 1, 0))) {
            assertEquals(before + 1, fds.bpf());
        }
        assertEquals(before, fds.bpf());
    }

    /** Without procfs the test that counts is skipped with the reason, or failed when kernel tests are required. */
    @Test
    void aMissingDirectoryIsAStatedSkipNeverACount() {
        OpenDescriptors fds = new OpenDescriptors(dir.resolve("no-proc"));
        Class<? extends Throwable> expected = Requirements.required() ? AssertionError.class : TestAbortedException.class;
        Throwable t = assertThrows(Throwable.class, fds::all);
        assertTrue(expected.isInstance(t), t.toString());
        assertTrue(t.getMessage().contains("no-proc does not exist"), t.getMessage());
        assertThrows(expected, fds::bpf);
    }

    @Test
    void anUnlistableDirectoryFails() throws Exception {
        OpenDescriptors fds = new OpenDescriptors(Files.writeString(dir.resolve("not-a-directory"), "x"));
        AssertionError e = assertThrows(AssertionError.class, fds::all);
        assertTrue(e.getMessage().startsWith("cannot list "), e.getMessage());
        assertThrows(AssertionError.class, fds::bpf);
    }
}
