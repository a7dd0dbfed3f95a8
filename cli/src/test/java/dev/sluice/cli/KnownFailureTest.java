package dev.sluice.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.elf.ElfFormatException;
import dev.sluice.compiler.isa.DecodeException;
import dev.sluice.runtime.AttachException;
import dev.sluice.runtime.BpfException;
import dev.sluice.runtime.KernelException;
import dev.sluice.runtime.PermissionException;
import dev.sluice.runtime.SystemCallException;
import dev.sluice.runtime.UnsupportedException;
import dev.sluice.runtime.VerifierException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * What reaches {@link Main#report} from a command: every kind of exception the runtime's native
 * layer throws, and the other failures that are not Sluice bugs, become one {@code sluice:} line
 * and exit 3 or 4; only a bug is an internal error (exit 70).
 */
class KnownFailureTest {
    record Reported(int code, String text) {}

    static Reported report(Exception e) {
        StringWriter text = new StringWriter();
        int code = Main.report(e, new PrintWriter(text, true), false);
        return new Reported(code, text.toString());
    }

    /** One instance of every kernel exception type there is: the sealed hierarchy walked from its root. */
    static Map<Class<?>, KernelException> everyKernelException() {
        Map<Class<?>, KernelException> samples = new LinkedHashMap<>();
        samples.put(BpfException.class, new BpfException("bpf(MAP_CREATE)", 12, "bpf(MAP_CREATE) failed: ENOMEM (Cannot allocate memory)"));
        samples.put(AttachException.class, new AttachException("bpf(LINK_CREATE)", 16, "attaching XDP on ifindex 3 failed: busy"));
        samples.put(VerifierException.class, new VerifierException("drop", 13, "0: (b7) r0 = 0\nR0 !read_ok\n"));
        samples.put(PermissionException.class, new PermissionException("setns", "entering network namespace x", "CAP_SYS_ADMIN"));
        samples.put(SystemCallException.class, SystemCallException.of("socket", 24, "opening a packet socket", "CAP_NET_RAW"));
        samples.put(UnsupportedException.class, new UnsupportedException("this kernel has no kprobe support"));
        Set<Class<?>> all = new HashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>(Set.of(KernelException.class));
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (c != KernelException.class) all.add(c);
            if (c.isSealed()) todo.addAll(Set.of(c.getPermittedSubclasses()));
        }
        assertEquals(all, samples.keySet(), "a kernel exception type without a sample here");
        return samples;
    }

    @Test
    void everyKernelExceptionIsARefusal() {
        everyKernelException().forEach((type, e) -> {
            Reported r = report(e);
            assertEquals(ExitCodes.KERNEL_REFUSED, r.code(), type + ": " + r.text());
            assertEquals("sluice: " + e.getMessage() + System.lineSeparator(), r.text(), type.getName());
            // Wrapped on its way up (a thread, an executor), it is still found.
            assertEquals(ExitCodes.KERNEL_REFUSED, report(new ExecutionException(new IllegalStateException(e))).code(), type.getName());
        });
    }

    @Test
    void inputAndOutputFailuresAreBadInput() {
        for (Exception e : new Exception[] {
                new UncheckedIOException("cannot unpin /sys/fs/bpf/x: Operation not permitted", new IOException("x")),
                new UncheckedIOException(new NoSuchFileException("/x")),
                new IOException("disk full"),
                new ElfFormatException(64, "section header outside the file"),
                new DecodeException(8, "unknown opcode 0xff")}) {
            Reported r = report(e);
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.text());
            assertEquals(1, r.text().lines().count(), r.text());
            assertTrue(r.text().startsWith("sluice: ") && !r.text().contains("internal error"), r.text());
        }
        assertEquals("sluice: no such file" + System.lineSeparator(), report(new UncheckedIOException(new NoSuchFileException("/x"))).text());
    }

    @Test
    void noLibcIsARefusalNotABug() {
        Reported r = report(new IllegalStateException(new ExceptionInInitializerError(new UnsatisfiedLinkError("libc.so.6: not found"))));
        assertEquals(ExitCodes.KERNEL_REFUSED, r.code(), r.text());
        assertTrue(r.text().startsWith("sluice: cannot call into libc here: libc.so.6"), r.text());
    }

    /** The mapper picocli consults agrees with the handler. */
    @Test
    void exitCodesAgreeWithTheReport() {
        everyKernelException().values().forEach(e -> assertEquals(ExitCodes.KERNEL_REFUSED, Main.exitCode(e)));
        assertEquals(ExitCodes.BAD_INPUT, Main.exitCode(new ElfFormatException(0, "bad magic")));
        assertEquals(ExitCodes.INTERNAL, Main.exitCode(new NullPointerException()));
    }

    @Test
    void aBugIsStillAnInternalError() {
        Reported r = report(new IllegalStateException("native buffer used after close"));
        assertEquals(ExitCodes.INTERNAL, r.code(), r.text());
        assertTrue(r.text().startsWith("sluice: internal error: java.lang.IllegalStateException: native buffer used after close"), r.text());
    }
}
