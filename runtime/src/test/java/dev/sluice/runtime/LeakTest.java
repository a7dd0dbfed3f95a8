package dev.sluice.runtime;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.runtime.testing.OpenDescriptors;
import dev.sluice.runtime.testing.Shell;
import dev.sluice.runtime.testing.VethPair;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** 1,000 load/attach/close cycles leave fds, attached programs and namespaces as they were. */
class LeakTest {
    /** A pass program with a little packet parsing, so the verifier has something to do. */
    static final dev.sluice.compiler.isa.Code PASS = new dev.sluice.compiler.isa.CodeBuilder()
            .load(dev.sluice.compiler.isa.Size.W, dev.sluice.compiler.isa.Register.R2, dev.sluice.compiler.isa.Register.R1, 0)
            .mov64(dev.sluice.compiler.isa.Register.R0, TestPrograms.XDP_PASS).exit().build();

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void thousandCyclesLeaveNothingBehind() {
        KernelRequirement.bpf();
        String namespacesBefore = ownNamespaces();
        try (VethPair pair = VethPair.create()) {
            String before = Shell.run("ip", "-n", pair.namespaceA(), "-d", "link", "show", pair.interfaceA());
            OpenDescriptors fds = OpenDescriptors.ofThisProcess();
            int fdsBefore = fds.all();
            long bpfBefore = fds.bpf();
            int cycles = 1000;
            long[] load = new long[cycles];
            long[] attach = new long[cycles];
            long[] detach = new long[cycles];
            for (int i = 0; i < cycles; i++) {
                long t0 = System.nanoTime();
                BpfProgram program = BpfProgram.load(LoadRequest.of("cycle", ProgramType.XDP, PASS));
                long t1 = System.nanoTime();
                Link link = NetworkNamespace.call(pair.namespaceA(), () -> Attach.xdp(program, pair.interfaceA(), XdpMode.GENERIC));
                long t2 = System.nanoTime();
                link.close();
                program.close();
                long t3 = System.nanoTime();
                load[i] = t1 - t0;
                attach[i] = t2 - t1;
                detach[i] = t3 - t2;
            }
            // Other descriptors come and go with the JVM; a leak of one per cycle would show as 1,000 more.
            int fdsAfter = fds.all();
            assertTrue(fdsAfter <= fdsBefore + 2, "file descriptors: " + fdsBefore + " before, " + fdsAfter + " after");
            assertEquals(bpfBefore, fds.bpf(), "bpf object descriptors");
            assertEquals(before, Shell.run("ip", "-n", pair.namespaceA(), "-d", "link", "show", pair.interfaceA()));
            System.out.printf("load/attach/detach median over %d cycles: %.1f / %.1f / %.1f us%n", cycles,
                    median(load) / 1000.0, median(attach) / 1000.0, median(detach) / 1000.0);
        }
        assertEquals(namespacesBefore, ownNamespaces());
    }

    /** The namespaces this JVM's veth pairs made: other processes on the machine make and delete theirs meanwhile. */
    private static String ownNamespaces() {
        String own = "sluice-[ab]" + ProcessHandle.current().pid() + "x";
        return String.join("\n", Shell.run("ip", "netns", "list").lines()
                .filter(l -> java.util.regex.Pattern.compile(own).matcher(l).lookingAt()).toList());
    }
}
