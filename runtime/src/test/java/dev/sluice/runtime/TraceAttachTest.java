package dev.sluice.runtime;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.AtomicOp;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.JumpOp;
import dev.sluice.compiler.isa.Label;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.compiler.testing.Requirements;
import dev.sluice.runtime.testing.TargetBinary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** uprobe, uretprobe, tracepoint and perf_event attachments with real calls; kprobe's clear refusal. */
class TraceAttachTest {
    static final int PT_REGS_DI = 112;
    static final int PT_REGS_AX = 80;

    @BeforeEach
    void kernel() {
        KernelRequirement.bpf();
    }

    static MapSpec stats() {
        return new MapSpec("stats", MapType.ARRAY, 4, 8, 2, 0);
    }

    /** Adds register {@code value} to slot {@code slot} of map #0 (r6-r9 survive). */
    static void addTo(CodeBuilder b, int slot, dev.sluice.compiler.isa.Register value) {
        Label missing = b.newLabel();
        b.store(Size.W, R10, -4, slot).mov64(R2, R10).alu64(AluOp.ADD, R2, -4)
                .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, 0)).call(1)
                .jump(JumpOp.JEQ, R0, 0, missing)
                .add(new Instruction.Atomic(Size.DW, AtomicOp.ADD, R0, value, 0))
                .bind(missing);
    }

    /** slot 0 += 1, slot 1 += the pt_regs word at {@code regsOffset}. */
    static Code countAndSum(int regsOffset) {
        CodeBuilder b = new CodeBuilder();
        b.load(Size.DW, R6, R1, regsOffset).mov64(R7, 1);
        addTo(b, 0, R7);
        addTo(b, 1, R6);
        return b.mov64(R0, 0).exit().build();
    }

    static long slot(BpfMap map, int slot) {
        return Codec.U64.decode(map.lookup(Codec.U32.encode(slot)).orElseThrow());
    }

    static Path buildTarget(Path dir) {
        return TargetBinary.build(dir);
    }

    static Process startWaiting(String... command) {
        return TargetBinary.start(command);
    }

    static String release(Process p) {
        return TargetBinary.release(p);
    }

    @Test
    void uprobeCountsCallsAndSumsTheArgument(@TempDir Path dir) throws Exception {
        Path binary = buildTarget(dir);
        int n = 100;
        try (BpfMap map = BpfMap.create(stats());
             BpfProgram program = BpfProgram.load(LoadRequest.of("calls", ProgramType.KPROBE,
                     MapBinding.bind(countAndSum(PT_REGS_DI), List.of(map))))) {
            Process child = startWaiting(binary.toString(), Integer.toString(n));
            Process other = startWaiting(binary.toString(), "7");
            try (Link link = Attach.uprobe(program, binary, "sluice_target", false, OptionalInt.of((int) child.pid()))) {
                release(other);
                assertEquals(Integer.toString(n * (n + 1) + n), release(child).strip());
            } finally {
                child.destroyForcibly();
                other.destroyForcibly();
            }
            assertEquals(n, slot(map, 0), "calls of the child only (the other process is filtered out)");
            assertEquals((long) n * (n + 1) / 2, slot(map, 1), "sum of arg0");
        }
    }

    @Test
    void uretprobeSeesReturnValues(@TempDir Path dir) throws Exception {
        Path binary = buildTarget(dir);
        int n = 50;
        try (BpfMap map = BpfMap.create(stats());
             BpfProgram program = BpfProgram.load(LoadRequest.of("returns", ProgramType.KPROBE,
                     MapBinding.bind(countAndSum(PT_REGS_AX), List.of(map))))) {
            Process child = startWaiting(binary.toString(), Integer.toString(n));
            try (Link link = Attach.uprobe(program, binary, "sluice_target", true, OptionalInt.of((int) child.pid()))) {
                release(child);
            } finally {
                child.destroyForcibly();
            }
            assertEquals(n, slot(map, 0));
            assertEquals((long) n * (n + 1) + n, slot(map, 1), "sum of 2x+1 over x = 1..n");
        }
    }

    @Test
    void uprobeOnAMissingSymbolIsAClearError(@TempDir Path dir) throws Exception {
        Path binary = buildTarget(dir);
        try (BpfProgram program = BpfProgram.load(LoadRequest.of("none", ProgramType.KPROBE,
                new CodeBuilder().mov64(R0, 0).exit().build()))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Attach.uprobe(program, binary, "no_such_function", false, OptionalInt.empty()));
            assertTrue(e.getMessage().contains("no function no_such_function"), e.getMessage());
        }
    }

    @Test
    void tracepointSeesAChildsOpens() throws Exception {
        int files = 20;
        // count[pid]++ in a hash map, for every sys_enter_openat.
        CodeBuilder b = new CodeBuilder();
        Label insert = b.newLabel();
        Label out = b.newLabel();
        b.call(14).alu64(AluOp.RSH, R0, 32).store(Size.W, R10, -4, R0)
                .mov64(R2, R10).alu64(AluOp.ADD, R2, -4).add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, 0)).call(1)
                .jump(JumpOp.JEQ, R0, 0, insert)
                .mov64(R1, 1).add(new Instruction.Atomic(Size.DW, AtomicOp.ADD, R0, R1, 0)).goTo(out)
                .bind(insert).store(Size.DW, R10, -16, 1).mov64(R2, R10).alu64(AluOp.ADD, R2, -4)
                .mov64(R3, R10).alu64(AluOp.ADD, R3, -16).mov64(R4, 0)
                .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, 0)).call(2)
                .bind(out).mov64(R0, 0).exit();
        try (BpfMap counts = BpfMap.create(new MapSpec("opens", MapType.HASH, 4, 8, 4096, 0));
             BpfProgram program = BpfProgram.load(LoadRequest.of("opens", ProgramType.TRACEPOINT,
                     MapBinding.bind(b.build(), List.of(counts))))) {
            Process child = startWaiting("bash", "-c", "read x; for ((i = 0; i < " + files + "; i++)); do : < /etc/hostname; done");
            try (Link link = Attach.tracepoint(program, "syscalls", "sys_enter_openat")) {
                release(child);
            } finally {
                child.destroyForcibly();
            }
            long seen = counts.lookup(Codec.U32.encode((int) child.pid())).map(Codec.U64::decode).orElse(0L);
            assertTrue(seen >= files, "opens seen for the child: " + seen);
        }
        assertThrows(IllegalArgumentException.class, () -> Tracefs.eventId("syscalls", "no_such_event"));
    }

    @Test
    void perfEventSamplesABusyChild() throws Exception {
        CodeBuilder b = new CodeBuilder().mov64(R7, 1);
        addTo(b, 0, R7);
        try (BpfMap samples = BpfMap.create(stats());
             BpfProgram program = BpfProgram.load(LoadRequest.of("samples", ProgramType.PERF_EVENT,
                     MapBinding.bind(b.mov64(R0, 0).exit().build(), List.of(samples))));
             Link link = Attach.perfEvent(program, 499)) {
            Process busy = startWaiting("bash", "-c", "read x; end=$((SECONDS + 2)); while ((SECONDS < end)); do :; done");
            try {
                release(busy);
            } finally {
                busy.destroyForcibly();
            }
            assertTrue(slot(samples, 0) > 10, "samples: " + slot(samples, 0));
        }
    }

    @Test
    void kprobesLoadButCannotAttachOnThisKernel() {
        try (BpfProgram program = BpfProgram.load(LoadRequest.of("kp", ProgramType.KPROBE,
                new CodeBuilder().mov64(R0, 0).exit().build()))) {
            if (Files.exists(Path.of("/sys/bus/event_source/devices/kprobe/type"))) {
                try (Link link = Attach.kprobe(program, "do_sys_openat2", false)) {
                    assertTrue(link.isOpen());
                }
                return;
            }
            UnsupportedException e = assertThrows(UnsupportedException.class,
                    () -> Attach.kprobe(program, "do_sys_openat2", false));
            assertTrue(e.getMessage().contains("no kprobe support"), e.getMessage());
        }
    }
}
