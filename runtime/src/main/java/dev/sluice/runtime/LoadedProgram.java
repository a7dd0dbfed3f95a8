package dev.sluice.runtime;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.CounterSource;
import dev.sluice.compiler.RunningProgram;
import dev.sluice.compiler.Verdicts;
import dev.sluice.compiler.hooks.Target;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.compiler.CounterValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A compiled program in the kernel with its maps. Attach it to its hook (each attachment a
 * {@link Link} that detaches on close), test-run it, read its counters; close releases everything.
 */
public final class LoadedProgram implements RunningProgram, AutoCloseable {
    private final CompiledProgram compiled;
    private final LoadedFilter loaded;

    LoadedProgram(CompiledProgram compiled, LoadedFilter loaded) {
        this.compiled = compiled;
        this.loaded = loaded;
    }

    /** The compiled program this was loaded from: its name, hook, image and source. */
    public CompiledProgram compiled() {
        return compiled;
    }

    /** The image this was loaded from. */
    @Override
    public ProgramImage image() {
        return compiled.image();
    }

    /** The kernel program, for attaching elsewhere or reading {@link BpfProgram#info()}. */
    public BpfProgram program() {
        return loaded.program();
    }

    /** The program's maps, created and filled at load, closed with it. */
    public MapGroup maps() {
        return loaded.maps();
    }

    /** The verdict BPF_PROG_TEST_RUN gives for one Ethernet frame (the kernel refuses frames under 14 bytes). */
    public Verdict testRun(byte[] frame) {
        return verdictOf(loaded.program().testRun(frame));
    }

    /** The verdict of a test-run result of this program (for example one run with a repeat count). */
    public Verdict verdictOf(TestRunResult result) {
        return Verdicts.of(compiled.hook(), result.retval(), compiled.image().redirectTargets(), -1);
    }

    /** The verdict for one Ethernet frame, as {@link #testRun} gives it. */
    @Override
    public Verdict run(byte[] frame) {
        return testRun(frame);
    }

    /** A named set of the rules, to add members to and remove them from while the program runs. */
    @Override
    public LiveSet set(String name) {
        return new LiveSet(name, compiled.image().maps(), compiled.namedSet(name), loaded.maps());
    }

    /** A plain counter, summed over CPUs. */
    @Override
    public long counter(String name) {
        return loaded.counter(compiled.counterSlot(name));
    }

    /** Every counter, summed over CPUs, as {@link CompiledProgram#counterValues} lists them. */
    @Override
    public List<CounterValue> counters() {
        return compiled.counterValues(new CounterSource() {
            public long plain(int slot) {
                return loaded.counter(slot);
            }

            public List<java.util.Map.Entry<byte[], Long>> keyed(int mapIndex) {
                BpfMap map = loaded.maps().get(mapIndex);
                List<java.util.Map.Entry<byte[], Long>> out = new ArrayList<>();
                for (byte[] key : map.keys()) out.add(java.util.Map.entry(key, map.sumU64(key)));
                return out;
            }
        });
    }

    /**
     * Attaches an XDP program to interface {@code ifname} in the mode the kernel picks (driver when it can,
     * else generic).
     */
    public Link attachXdp(String ifname) {
        return attachXdp(ifname, XdpMode.AUTO);
    }

    /**
     * Attaches an XDP program to interface {@code ifname} in {@code mode}; a program of another hook is an
     * {@link IllegalStateException}.
     */
    public Link attachXdp(String ifname, XdpMode mode) {
        require(target() == Target.XDP, "XDP");
        return Attach.xdp(loaded.program(), ifname, mode);
    }

    /** tc programs attach in the direction their hook names. */
    public Link attachTc(String ifname) {
        require(target() == Target.TC, "tc");
        boolean ingress = ((Hook.Tc) compiled.hook()).ingress();
        return Attach.tcx(loaded.program(), ifname, ingress ? Attach.Direction.INGRESS : Attach.Direction.EGRESS);
    }

    /**
     * Attaches a cgroup program to the cgroup v2 directory {@code cgroup}, in the kind its hook names
     * (ingress, egress or device).
     */
    public Link attachCgroup(Path cgroup) {
        require(target().onCgroup(), "cgroup");
        Hook.CgroupKind kind = ((Hook.Cgroup) compiled.hook()).cgroupKind();
        return Attach.cgroup(loaded.program(), cgroup, Attach.CgroupHook.valueOf(kind.name()));
    }

    /** Attaches a socket filter to a socket the caller owns; closing the link detaches it. */
    public Link attachSocket(int socketFd) {
        require(target() == Target.SOCKET, "socket");
        return Attach.socketFilter(loaded.program(), socketFd);
    }

    /**
     * Attaches a trace program to the probe its hook names: kprobe/kretprobe, uprobe/uretprobe (on
     * every process running the binary, the path as written), tracepoint, or profile sampling on
     * every CPU. A kernel without the kprobe PMU gives an {@link UnsupportedException}.
     */
    public Link attachProbe() {
        Hook hook = compiled.hook();
        if (hook instanceof Hook.Kprobe k) return Attach.kprobe(loaded.program(), k.symbol(), k.ret());
        if (hook instanceof Hook.Uprobe u) {
            return Attach.uprobe(loaded.program(), Path.of(u.path()), u.symbol(), u.ret(), java.util.OptionalInt.empty());
        }
        if (hook instanceof Hook.Tracepoint t) return Attach.tracepoint(loaded.program(), t.category(), t.event());
        if (hook instanceof Hook.Profile p) {
            if (p.hz() < 1 || p.hz() > Integer.MAX_VALUE) throw new IllegalArgumentException("profile hz " + p.hz() + " is out of range");
            return Attach.perfEvent(loaded.program(), (int) p.hz());
        }
        throw new IllegalStateException(compiled.name() + " is a " + hook.kind() + " program, not a trace program");
    }

    /**
     * Attaches this trace program to {@code event}, opened ahead for its hook ({@link ProbeEvent#open});
     * the link owns the event from then on. An event of another hook is an {@link IllegalArgumentException}.
     */
    public Link attachProbe(ProbeEvent event) {
        Optional<String> expected = ProbeEvent.describe(compiled.hook());
        if (expected.isEmpty() || !expected.get().equals(event.description())) {
            throw new IllegalArgumentException(compiled.name() + " probes " + expected.orElse(compiled.hook().kind()) + ", not " + event.description());
        }
        return Attach.probe(loaded.program(), event);
    }

    private Target target() {
        return Target.of(compiled.hook());
    }

    /** Whether the program prints events (it then has a ring buffer for them). */
    public boolean printsEvents() {
        return compiled.image().maps().events().isPresent();
    }

    /** A reader of the printed events' ring buffer, or empty when the program prints nothing; the caller closes it. */
    public Optional<RingBufferReader> openEvents() {
        return compiled.image().maps().events().map(events -> RingBufferReader.open(loaded.maps().get(events.index())));
    }

    /** One printed event as its line: the record's first 8 bytes say which {@code print} made it. */
    public String formatEvent(byte[] record) {
        return compiled.image().formatEvent(record);
    }

    private void require(boolean ok, String what) {
        if (!ok) throw new IllegalStateException(compiled.name() + " is a " + compiled.hook().kind() + " program, not " + what);
    }

    @Override
    public void close() {
        loaded.close();
    }
}
