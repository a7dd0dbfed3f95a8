package dev.sluice.runtime;

import dev.sluice.compiler.elf.ElfFormatException;
import dev.sluice.compiler.elf.ElfObject;
import dev.sluice.dsl.model.Hook;
import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.sys.Native;
import dev.sluice.runtime.sys.NativeBuffer;
import dev.sluice.runtime.sys.PerfEventAttr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A trace hook's perf event, opened before its program exists: a uprobe or uretprobe (the symbol's
 * offset read from the binary), a kprobe or kretprobe, or a tracepoint (its id read from tracefs).
 * None of that depends on the program, so a caller may open it while the program is still being
 * compiled and loaded ({@code sluice run} does, on a second thread) and then attach the
 * loaded program ({@link Attach#probe}, {@link LoadedProgram#attachProbe(ProbeEvent)}), which hands
 * the event to the {@link Link}. Until then this object owns the event:
 * closing it releases an event that was never attached.
 */
public final class ProbeEvent implements AutoCloseable {
    private static final Path EVENT_SOURCES = Path.of("/sys/bus/event_source/devices");
    private static final int PERF_FLAG_FD_CLOEXEC = 8;
    private final String description;
    private final ProgramType type;
    private FileDescriptor event;

    private ProbeEvent(String description, ProgramType type, FileDescriptor event) {
        this.description = description;
        this.type = type;
        this.event = event;
    }

    /**
     * The event of {@code hook} opened, or empty for hooks whose attachment is not one event opened
     * ahead (profile sampling opens one per CPU; packet and cgroup hooks have none). Failures are
     * those attaching would give: {@link PermissionException}, {@link AttachException} for a missing
     * probe target, {@link IllegalArgumentException} for a missing binary or symbol.
     */
    public static Optional<ProbeEvent> open(Hook hook) {
        if (hook instanceof Hook.Uprobe u) return Optional.of(uprobe(Path.of(u.path()), u.symbol(), u.ret(), OptionalInt.empty()));
        if (hook instanceof Hook.Kprobe k) return Optional.of(kprobe(k.symbol(), k.ret()));
        if (hook instanceof Hook.Tracepoint t) return Optional.of(tracepoint(t.category(), t.event()));
        return Optional.empty();
    }

    /** The words {@link #open} would describe {@code hook}'s event with, or empty for hooks it does not open. */
    public static Optional<String> describe(Hook hook) {
        if (hook instanceof Hook.Uprobe u) return Optional.of(uprobeWords(Path.of(u.path()), u.symbol(), u.ret()));
        if (hook instanceof Hook.Kprobe k) return Optional.of(kprobeWords(k.symbol(), k.ret()));
        if (hook instanceof Hook.Tracepoint t) return Optional.of(tracepointWords(t.category(), t.event()));
        return Optional.empty();
    }

    static ProbeEvent uprobe(Path binary, String symbol, boolean ret, OptionalInt pid) {
        long offset = symbolOffset(binary, symbol);
        int type = pmuType("uprobe", "this kernel has no uprobe support");
        String what = uprobeWords(binary, symbol, ret);
        try (NativeBuffer path = NativeBuffer.cString(binary.toAbsolutePath().toString());
             PerfEventAttr attr = new PerfEventAttr()) {
            attr.type(type).config(ret ? 1 : 0).config1(path.address()).config2(offset);
            return new ProbeEvent(what, ProgramType.KPROBE, perfEventOpen(attr, pid.orElse(-1), pid.isPresent() ? -1 : 0, what));
        }
    }

    /** kprobe/kretprobe through the kprobe PMU; on kernels without it, an {@link UnsupportedException}. */
    static ProbeEvent kprobe(String symbol, boolean ret) {
        int type = pmuType("kprobe", "this kernel has no kprobe support (CONFIG_KPROBES is not set, "
                + EVENT_SOURCES.resolve("kprobe") + " is absent); attach to a uprobe or a tracepoint instead");
        String what = kprobeWords(symbol, ret);
        try (NativeBuffer name = NativeBuffer.cString(symbol); PerfEventAttr attr = new PerfEventAttr()) {
            attr.type(type).config(ret ? 1 : 0).config1(name.address()).config2(0);
            return new ProbeEvent(what, ProgramType.KPROBE, perfEventOpen(attr, -1, 0, what));
        }
    }

    /** A tracepoint by category and name; tracefs is mounted at /sys/kernel/tracing when it is not there. */
    static ProbeEvent tracepoint(String category, String name) {
        long id = Tracefs.eventId(category, name);
        String what = tracepointWords(category, name);
        try (PerfEventAttr attr = new PerfEventAttr()) {
            attr.type(PerfEventAttr.TYPE_TRACEPOINT).config(id).samplePeriod(1);
            return new ProbeEvent(what, ProgramType.TRACEPOINT, perfEventOpen(attr, -1, 0, what));
        }
    }

    private static String uprobeWords(Path binary, String symbol, boolean ret) {
        return (ret ? "uretprobe " : "uprobe ") + binary + ":" + symbol;
    }

    private static String kprobeWords(String symbol, boolean ret) {
        return (ret ? "kretprobe " : "kprobe ") + symbol;
    }

    private static String tracepointWords(String category, String name) {
        return "tracepoint " + category + ":" + name;
    }

    /** What the event probes, in words ({@code uprobe /bin/bash:readline}), as the link will describe it. */
    public String description() {
        return description;
    }

    /** The program type that can be linked to this event. */
    ProgramType type() {
        return type;
    }

    /** The event, now the caller's ({@link Attach#probe} hands it to a link); at most once. */
    synchronized FileDescriptor take() {
        if (event == null) throw new IllegalStateException(description + " is already attached or closed");
        FileDescriptor owned = event;
        event = null;
        return owned;
    }

    /** perf_event_open(2) of {@code attr}; the errors a missing capability or probe target gives, in users' words. */
    static FileDescriptor perfEventOpen(PerfEventAttr attr, int pid, int cpu, String what) {
        long r = Native.libc().syscall(Native.SYS_PERF_EVENT_OPEN, attr.buffer().pointer(), pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
        if (r < 0) {
            int errno = Native.errno();
            // perf_event_open says EACCES as well as EPERM when CAP_PERFMON is missing.
            if (errno == Errno.EPERM || errno == Errno.EACCES) {
                throw new PermissionException("perf_event_open", "opening a perf event for " + what, "CAP_PERFMON");
            }
            if (errno != Errno.ENOENT) throw SystemCallException.of("perf_event_open", errno, "attaching " + what, "CAP_PERFMON");
            throw new AttachException(BpfCommand.LINK_CREATE, errno, "attaching " + what + " failed: the probe target does not exist");
        }
        return new FileDescriptor((int) r);
    }

    /** The perf event type of a dynamic PMU (uprobe, kprobe) from sysfs; {@code missing} when this kernel has none. */
    private static int pmuType(String pmu, String missing) {
        Path type = EVENT_SOURCES.resolve(pmu).resolve("type");
        try {
            return Integer.parseInt(Files.readString(type).trim());
        } catch (IOException | NumberFormatException e) {
            throw new UnsupportedException(missing);
        }
    }

    /** The file offset of function {@code symbol} in ELF file {@code binary}, from its static or dynamic symbol table. */
    private static long symbolOffset(Path binary, String symbol) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(binary);
        } catch (java.nio.file.NoSuchFileException e) {
            // Its message is the path alone, which would say it twice.
            throw new IllegalArgumentException("cannot read " + binary + ": no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + binary + ": " + e.getMessage(), e);
        }
        try {
            return ElfObject.readAnyMachine(bytes).fileOffsetOf(symbol)
                    .orElseThrow(() -> new IllegalArgumentException("no function " + symbol + " in " + binary));
        } catch (ElfFormatException e) {
            throw new IllegalArgumentException(binary + " is not an ELF file: " + e.getMessage(), e);
        }
    }

    /** Releases the event unless a link took it. */
    @Override
    public synchronized void close() {
        if (event != null) event.close();
        event = null;
    }
}
