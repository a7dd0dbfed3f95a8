package dev.sluice.runtime;

import dev.sluice.dsl.model.Hook;
import dev.sluice.runtime.sys.NativeBuffer;
import dev.sluice.runtime.sys.PerfEventAttr;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A trace hook's perf event, opened before its program exists: a uprobe or uretprobe (the symbol's
 * offset read from the binary), a kprobe or kretprobe, or a tracepoint (its id read from tracefs).
 * None of that depends on the program, so a caller may open it while the program is still being
 * compiled and loaded ({@code sluice run} does, on a second thread) and then {@link #attach} the
 * loaded program, which hands the event to the {@link Link}. Until then this object owns the event:
 * closing it releases an event that was never attached.
 */
public final class ProbeEvent implements AutoCloseable {
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
        long offset = Attach.symbolOffset(binary, symbol);
        int type = Attach.pmuType("uprobe", "this kernel has no uprobe support");
        String what = uprobeWords(binary, symbol, ret);
        try (NativeBuffer path = NativeBuffer.cString(binary.toAbsolutePath().toString());
             PerfEventAttr attr = new PerfEventAttr()) {
            attr.type(type).config(ret ? 1 : 0).config1(path.address()).config2(offset);
            return new ProbeEvent(what, ProgramType.KPROBE, Attach.perfEventOpen(attr, pid.orElse(-1), pid.isPresent() ? -1 : 0, what));
        }
    }

    /** kprobe/kretprobe through the kprobe PMU; on kernels without it, an {@link UnsupportedException}. */
    static ProbeEvent kprobe(String symbol, boolean ret) {
        int type = Attach.pmuType("kprobe", "this kernel has no kprobe support (CONFIG_KPROBES is not set, "
                + Attach.EVENT_SOURCES.resolve("kprobe") + " is absent); attach to a uprobe or a tracepoint instead");
        String what = kprobeWords(symbol, ret);
        try (NativeBuffer name = NativeBuffer.cString(symbol); PerfEventAttr attr = new PerfEventAttr()) {
            attr.type(type).config(ret ? 1 : 0).config1(name.address()).config2(0);
            return new ProbeEvent(what, ProgramType.KPROBE, Attach.perfEventOpen(attr, -1, 0, what));
        }
    }

    /** A tracepoint by category and name; tracefs is mounted at /sys/kernel/tracing when it is not there. */
    static ProbeEvent tracepoint(String category, String name) {
        long id = Tracefs.eventId(category, name);
        String what = tracepointWords(category, name);
        try (PerfEventAttr attr = new PerfEventAttr()) {
            attr.type(PerfEventAttr.TYPE_TRACEPOINT).config(id).samplePeriod(1);
            return new ProbeEvent(what, ProgramType.TRACEPOINT, Attach.perfEventOpen(attr, -1, 0, what));
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

    /**
     * Links {@code program} to the event; the returned link owns the event from then on. A program of
     * the wrong type is an {@link IllegalArgumentException} and leaves the event here; a refused link
     * closes it.
     */
    public synchronized Link attach(BpfProgram program) {
        if (event == null) throw new IllegalStateException(description + " is already attached or closed");
        Attach.requireType(program, type);
        FileDescriptor owned = event;
        event = null;
        return Attach.linkPerfEvent(program, owned, description);
    }

    /** Releases the event unless a link took it. */
    @Override
    public synchronized void close() {
        if (event != null) event.close();
        event = null;
    }
}
