package dev.sluice.compiler.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.compiler.Verdicts;
import dev.sluice.compiler.isa.Helper;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hook table against the facts it replaced: sections, program types, and verdicts read back from return codes. */
class TargetTest {
    private static final List<Hook> HOOKS = List.of(new Hook.Xdp(), new Hook.Tc(true), new Hook.Socket(),
            new Hook.Cgroup(Hook.CgroupKind.INGRESS), new Hook.Cgroup(Hook.CgroupKind.EGRESS), new Hook.Cgroup(Hook.CgroupKind.DEVICE),
            new Hook.Kprobe("f", false), new Hook.Kprobe("f", true), new Hook.Uprobe("/bin/sh", "main", false),
            new Hook.Uprobe("/bin/sh", "main", true), new Hook.Tracepoint("sched", "sched_switch"), new Hook.Profile(99));

    @Test
    void everyHookHasItsOwnRowAndLibbpfSection() {
        assertEquals(Target.values().length, HOOKS.stream().map(Target::of).distinct().count());
        assertEquals(List.of("xdp", "tc", "socket", "cgroup_skb/ingress", "cgroup_skb/egress", "cgroup/dev", "kprobe/f",
                "kretprobe/f", "uprobe//bin/sh:main", "uretprobe//bin/sh:main", "tracepoint/sched/sched_switch", "perf_event"),
                HOOKS.stream().map(Target::section).toList());
        assertEquals(List.of(6, 3, 1, 8, 8, 15, 2, 2, 2, 2, 5, 7), HOOKS.stream().map(h -> Target.of(h).programKind().number()).toList());
    }

    @Test
    void verdictsReadBackFromTheCodesTheTableGives() {
        assertEquals(new Verdict.Abort(), Verdicts.of(new Hook.Xdp(), 0, List.of(), -1));
        assertEquals(new Verdict.Tx(), Verdicts.of(new Hook.Xdp(), 3, List.of(), -1));
        assertEquals(new Verdict.Redirect("eth1"), Verdicts.of(new Hook.Tc(false), 7, List.of("eth1"), 0));
        assertEquals(new Verdict.Drop(), Verdicts.of(new Hook.Tc(false), 2, List.of(), -1));
        assertEquals(new Verdict.Pass(), Verdicts.of(new Hook.Socket(), -1, List.of(), -1));
        assertEquals(new Verdict.Truncate(64), Verdicts.of(new Hook.Socket(), 64, List.of(), -1));
        assertEquals(new Verdict.Pass(), Verdicts.of(new Hook.Cgroup(Hook.CgroupKind.DEVICE), 1, List.of(), -1));
        assertThrows(IllegalStateException.class, () -> Verdicts.of(new Hook.Xdp(), 5, List.of(), -1));
        assertThrows(IllegalStateException.class, () -> Verdicts.of(new Hook.Profile(99), 0, List.of(), -1));
    }

    @Test
    void helpersAreNamedAsTheKernelNamesTheirIds() {
        for (Helper h : Helper.values()) assertEquals("bpf_" + h.name().toLowerCase(), h.helperName());
        assertEquals(14, Helper.GET_CURRENT_PID_TGID.id());
    }
}
