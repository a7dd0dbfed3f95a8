package dev.sluice.dsl;

import static dev.sluice.dsl.Sluice.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.dsl.model.Expr;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Program;
import dev.sluice.dsl.model.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One entry point per hook kind, named after the kind; packet hooks take an optional name. */
class HookEntryPointsTest {
    @Test
    void everyPacketHookHasAnEntryPointWithAndWithoutAName() {
        Map<Program, Hook> unnamed = Map.of(xdp(), new Hook.Xdp(), tcIngress(), new Hook.Tc(true), tcEgress(), new Hook.Tc(false),
                socket(), new Hook.Socket(), cgroupIngress(), new Hook.Cgroup(Hook.CgroupKind.INGRESS),
                cgroupEgress(), new Hook.Cgroup(Hook.CgroupKind.EGRESS), cgroupDevice(), new Hook.Cgroup(Hook.CgroupKind.DEVICE));
        unnamed.forEach((program, hook) -> {
            assertEquals(hook, program.hook());
            assertEquals(Optional.empty(), program.name());
        });
        List<Program> named = List.of(xdp("a"), tcIngress("a"), tcEgress("a"), socket("a"), cgroupIngress("a"), cgroupEgress("a"),
                cgroupDevice("a"));
        assertEquals(List.of("xdp", "tc_ingress", "tc_egress", "socket", "cgroup_ingress", "cgroup_egress", "cgroup_device"),
                named.stream().map(p -> p.hook().kind()).toList());
        named.forEach(p -> assertEquals(Optional.of("a"), p.name()));
    }

    /** The head of a program is a Program already, and each verdict gives one. */
    @Test
    void theFluentHeadIsAProgram() {
        Program empty = cgroupDevice();
        assertEquals(List.of(), empty.statements());
        Program ssh = xdp().when(tcp().dport(22)).drop();
        assertEquals(1, ssh.statements().size());
        assertEquals(Statement.When.class, ssh.statements().get(0).getClass());
    }

    @Test
    void actionsTakeTypedValues() {
        Program p = tracepoint("syscalls", "sys_enter_openat").otherwise()
                .countBy("opens", comm(), args("flags")).print("%s", str(args("filename"))).end();
        Statement.Count count = (Statement.Count) p.statements().get(0);
        assertEquals(List.of("comm", "args.flags"), count.key().stream().map(e -> ((Expr.Field) e).name()).toList());
        Expr.Call str = (Expr.Call) ((Statement.Print) p.statements().get(1)).args().get(0);
        assertEquals("str", str.function());
        assertEquals("args.filename", ((Expr.Field) str.args().get(0)).name());
        assertThrows(IllegalArgumentException.class, () -> arg(6));
    }
}
