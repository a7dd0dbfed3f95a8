package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.testing.Shell;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/CLI.md, "Output files": what `compile -o PATH` does to each kind of PATH. */
class OutputFileTest {
    @TempDir
    Path dir;
    Path rules;
    byte[] object;

    @BeforeEach
    void compileOnce() throws Exception {
        rules = dir.resolve("drop.ebpf");
        Files.writeString(rules, "xdp { when udp.dport == 7000 { drop } }\n");
        Path reference = dir.resolve("reference.o");
        assertEquals(0, MainTest.run("compile", rules.toString(), "-o", reference.toString()).code());
        object = Files.readAllBytes(reference);
        Files.delete(reference);
    }

    /** Whatever a test does, the machine's /dev/null stays a character device. */
    @AfterEach
    void devNullIsUntouched() {
        assertEquals("character special file", fileType(Path.of("/dev/null")));
    }

    private static String fileType(Path p) {
        return Shell.run("stat", "-c", "%F", p.toString());
    }

    private MainTest.Outcome compileTo(String target) {
        return MainTest.run("compile", rules.toString(), "-o", target);
    }

    @Test
    void aRegularFileIsReplacedByARename() throws Exception {
        Path out = dir.resolve("out.o");
        Files.writeString(out, "old");
        Object inode = Files.getAttribute(out, "unix:ino");
        assertEquals(0, compileTo(out.toString()).code());
        assertArrayEquals(object, Files.readAllBytes(out));
        assertNotEquals(inode, Files.getAttribute(out, "unix:ino"), "a new file was renamed into place");
        assertNoTemporaryFiles();
    }

    @Test
    void aNewFileIsCreated() throws Exception {
        Path out = dir.resolve("new.o");
        assertEquals(0, compileTo(out.toString()).code());
        assertArrayEquals(object, Files.readAllBytes(out));
        assertNoTemporaryFiles();
    }

    @Test
    void aSymlinkStaysALinkAndItsTargetIsReplaced() throws Exception {
        Files.createDirectory(dir.resolve("real"));
        Path target = dir.resolve("real").resolve("target.o");
        Files.writeString(target, "old");
        Path link = dir.resolve("link.o");
        Files.createSymbolicLink(link, Path.of("real", "target.o"));
        assertEquals(0, compileTo(link.toString()).code());
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals(Path.of("real", "target.o"), Files.readSymbolicLink(link));
        assertTrue(Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS));
        assertArrayEquals(object, Files.readAllBytes(target));
        try (var files = Files.list(dir.resolve("real"))) {
            assertEquals(1, files.count(), "no temporary file is left beside the target");
        }
    }

    @Test
    void aCharacterDeviceIsWrittenThrough() throws Exception {
        // A private null device: the test never writes to the machine's /dev/null through the code under test.
        Path device = dir.resolve("null");
        Shell.run("mknod", device.toString(), "c", "1", "3");
        assertEquals(0, compileTo(device.toString()).code());
        assertEquals("character special file", fileType(device));
    }

    @Test
    void aFifoIsWrittenThroughToItsReader() throws Exception {
        Path fifo = dir.resolve("pipe");
        Shell.run("mkfifo", fifo.toString());
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(0, compileTo(fifo.toString()).code());
        assertArrayEquals(object, reader.get(10, TimeUnit.SECONDS));
        assertEquals("fifo", fileType(fifo));
    }

    @Test
    void dashIsStandardOutput() {
        MainTest.Outcome o = MainTest.run("compile", rules.toString(), "-o", "-", "--emit", "asm");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("xdp xdp_1: "), o.out());
        assertFalse(Files.exists(dir.resolve("-")) || Files.exists(Path.of("-")));
    }

    /**
     * /dev/stdout leads to /proc/self/fd/1, the process's own descriptor, here a pipe: written through,
     * byte for byte. The test goes through a link of its own to the same place, so that a broken
     * OutputFile could only replace that link, never the machine's /dev/stdout.
     */
    @Test
    void devStdoutIsWrittenThrough() throws Exception {
        Path stdout = dir.resolve("stdout");
        Files.createSymbolicLink(stdout, Path.of("/proc/self/fd/1"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "compile", rules.toString(), "-o", stdout.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertArrayEquals(object, out);
        assertTrue(Files.isSymbolicLink(stdout), "the link is still a link");
    }

    @Test
    void aFailedCompileLeavesTheOldFileIntact() throws Exception {
        Path out = dir.resolve("out.o");
        Files.writeString(out, "old");
        Path broken = dir.resolve("broken.ebpf");
        Files.writeString(broken, "xdp { when tcp.dport == 70000 { drop } }\n");
        assertEquals(ExitCodes.SCRIPT_ERROR, MainTest.run("compile", broken.toString(), "-o", out.toString()).code());
        assertEquals("old", Files.readString(out));
        assertNoTemporaryFiles();
    }

    @Test
    void aDirectoryIsRefused() throws Exception {
        MainTest.Outcome o = compileTo(dir.toString());
        assertEquals(ExitCodes.BAD_INPUT, o.code(), o.err());
        assertEquals("sluice: " + dir + ": cannot write: is a directory\n", o.err());
    }

    private void assertNoTemporaryFiles() throws Exception {
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file is left behind");
        }
    }
}
