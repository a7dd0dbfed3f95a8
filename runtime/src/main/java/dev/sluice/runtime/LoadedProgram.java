package dev.sluice.runtime;

import dev.sluice.compiler.CompiledProgram;
import dev.sluice.compiler.Verdicts;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Verdict;
import dev.sluice.compiler.CounterKeys;
import dev.sluice.compiler.CounterValue;
import dev.sluice.compiler.lower.FilterProgram;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A compiled program in the kernel with its maps. Attach it to its hook (each attachment a
 * {@link Link} that detaches on close), test-run it, read its counters; close releases everything.
 */
public final class LoadedProgram implements AutoCloseable {
    private final CompiledProgram compiled;
    private final LoadedFilter loaded;

    LoadedProgram(CompiledProgram compiled, LoadedFilter loaded) {
        this.compiled = compiled;
        this.loaded = loaded;
    }

    public CompiledProgram compiled() {
        return compiled;
    }

    public BpfProgram program() {
        return loaded.program();
    }

    public MapGroup maps() {
        return loaded.maps();
    }

    /** The verdict BPF_PROG_TEST_RUN gives for one Ethernet frame (the kernel refuses frames under 14 bytes). */
    public Verdict testRun(byte[] frame) {
        return verdictOf(loaded.program().testRun(frame));
    }

    /** The verdict of a test-run result of this program (for example one run with a repeat count). */
    public Verdict verdictOf(TestRunResult result) {
        return Verdicts.of(compiled.hook(), result.retval(), compiled.filter().redirectTargets(), -1);
    }

    /** A plain counter, summed over CPUs. */
    public long counter(String name) {
        return loaded.counter(compiled.counterSlot(name));
    }

    /** Every counter, summed over CPUs: plain ones (even at 0), then one reading per key seen, in {@link CounterValue#ORDER}. */
    public List<CounterValue> counters() {
        List<CounterValue> out = new ArrayList<>();
        for (String name : compiled.counterNames()) out.add(new CounterValue(name, Optional.empty(), counter(name)));
        List<FilterProgram.KeyedCounter> keyed = compiled.lowered().keyedCounters();
        for (int k = 0; k < keyed.size(); k++) {
            BpfMap map = loaded.maps().get(compiled.keyedMap(k));
            for (byte[] key : map.keys()) {
                out.add(new CounterValue(keyed.get(k).name(), Optional.of(CounterKeys.decode(keyed.get(k), key)), map.sumU64(key)));
            }
        }
        out.sort(CounterValue.ORDER);
        return out;
    }

    public Link attachXdp(String ifname) {
        return attachXdp(ifname, XdpMode.AUTO);
    }

    public Link attachXdp(String ifname, XdpMode mode) {
        require(compiled.hook() instanceof Hook.Xdp, "XDP");
        return Attach.xdp(loaded.program(), ifname, mode);
    }

    /** tc programs attach in the direction their hook names. */
    public Link attachTc(String ifname) {
        require(compiled.hook() instanceof Hook.Tc, "tc");
        boolean ingress = ((Hook.Tc) compiled.hook()).ingress();
        return Attach.tcx(loaded.program(), ifname, ingress ? Attach.Direction.INGRESS : Attach.Direction.EGRESS);
    }

    public Link attachCgroup(Path cgroup) {
        require(compiled.hook() instanceof Hook.Cgroup, "cgroup");
        Hook.CgroupKind kind = ((Hook.Cgroup) compiled.hook()).cgroupKind();
        return Attach.cgroup(loaded.program(), cgroup, Attach.CgroupHook.valueOf(kind.name()));
    }

    public Link attachSocket(int socketFd) {
        require(compiled.hook() instanceof Hook.Socket, "socket");
        return Attach.socketFilter(loaded.program(), socketFd);
    }

    private void require(boolean ok, String what) {
        if (!ok) throw new IllegalStateException(compiled.name() + " is a " + compiled.hook().kind() + " program, not " + what);
    }

    @Override
    public void close() {
        loaded.close();
    }
}
