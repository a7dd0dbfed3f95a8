package dev.sluice.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every errno the runtime sees leaves it as a {@link KernelException}, and permission errors name the right capability. */
class KernelExceptionTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/sluice/runtime");
    /** A throw statement: what it throws, up to the end of the statement. */
    private static final Pattern THROW_NEW = Pattern.compile("throw new ([A-Za-z.]+)\\(([^;]*);", Pattern.DOTALL);
    private static final Set<String> TYPED = Set.of("BpfException", "PermissionException", "AttachException",
            "VerifierException", "SystemCallException", "UnsupportedException");

    /**
     * A throw whose message carries an errno (Errno.describe, Native.errno(), an errno variable)
     * must throw a kernel exception: an IllegalStateException there would reach the CLI as an
     * internal error (exit 70) instead of a refusal (exit 3).
     */
    @Test
    void noErrnoLeavesTheRuntimeUntyped() throws Exception {
        List<String> untyped = new ArrayList<>();
        int withErrno = 0;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = THROW_NEW.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(2).toLowerCase().contains("errno")) continue;
                    withErrno++;
                    if (!TYPED.contains(m.group(1))) untyped.add(SOURCES.relativize(f) + ": throw new " + m.group(1));
                }
            }
        }
        assertTrue(withErrno >= 10, "throws with an errno found: " + withErrno);
        assertEquals(List.of(), untyped);
    }

    @Test
    void theKindsAreSealedAndKnown() {
        assertTrue(KernelException.class.isSealed());
        assertEquals(Set.of(BpfException.class, PermissionException.class, SystemCallException.class, UnsupportedException.class),
                Set.of(KernelException.class.getPermittedSubclasses()));
        assertEquals(Set.of(AttachException.class, VerifierException.class), Set.of(BpfException.class.getPermittedSubclasses()));
    }

    @Test
    void capSysAdminIsOfferedOnlyWhereItStandsIn() {
        assertEquals("entering network namespace x needs CAP_SYS_ADMIN; run as root or grant it",
                new PermissionException("setns", "entering network namespace x", "CAP_SYS_ADMIN").getMessage());
        assertEquals("opening a packet socket needs CAP_NET_RAW; run as root or grant it",
                new PermissionException("socket", "opening a packet socket", "CAP_NET_RAW").getMessage());
        assertEquals("loading a xdp program needs CAP_BPF and CAP_NET_ADMIN (or CAP_SYS_ADMIN); run as root or grant it",
                new PermissionException(BpfCommand.PROG_LOAD, "loading a xdp program", "CAP_BPF and CAP_NET_ADMIN").getMessage());
        assertEquals("bpf(PROG_LOAD)", new PermissionException(BpfCommand.PROG_LOAD, "x", "CAP_BPF").call());
    }

    @Test
    void aFailedSystemCallSaysWhichAndItsErrno() {
        KernelException e = SystemCallException.of("bind", Errno.ENODEV, "binding a packet socket to ifindex 9", "CAP_NET_RAW");
        SystemCallException s = assertInstanceOf(SystemCallException.class, e);
        assertEquals("bind", s.call());
        assertEquals("ENODEV", s.errnoName());
        assertTrue(e.getMessage().startsWith("binding a packet socket to ifindex 9 failed: bind(): ENODEV ("), e.getMessage());
        PermissionException p = assertInstanceOf(PermissionException.class,
                SystemCallException.of("setns", Errno.EPERM, "entering network namespace x", "CAP_SYS_ADMIN"));
        assertEquals("CAP_SYS_ADMIN", p.capabilities());
    }
}
