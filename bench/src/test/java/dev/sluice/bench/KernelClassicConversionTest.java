package dev.sluice.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.bench.KernelClassicConversion.ClassicInstruction;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The counting model of the kernel's classic-to-eBPF conversion against listings counted by hand,
 * instruction by instruction, from bpf_convert_filter and convert_bpf_ld_abs (net/core/filter.c,
 * Linux 6.18). The listings are {@code tcpdump -ddd} output (libpcap 1.10.3, snapshot 65535).
 */
class KernelClassicConversionTest {
    static List<ClassicInstruction> listing(String semicolons) {
        return ClassicInstruction.parseDecimal(semicolons.replace(';', '\n'));
    }

    static final String IP6 = "4;40 0 0 12;21 0 1 34525;6 0 0 65535;6 0 0 0";
    static final String TCP_PORT_22 = "20;40 0 0 12;21 0 6 34525;48 0 0 20;21 0 15 6;40 0 0 54;21 12 0 22;40 0 0 56;"
            + "21 10 11 22;21 0 10 2048;48 0 0 23;21 0 8 6;40 0 0 20;69 6 0 8191;177 0 0 14;72 0 0 14;21 2 0 22;"
            + "72 0 0 16;21 0 1 22;6 0 0 65535;6 0 0 0";
    /** A {@code ja} back to the start, as libpcap's protochain loop writes it. */
    static final List<ClassicInstruction> BACKWARD = List.of(new ClassicInstruction(0x30, 0, 0, 20),
            new ClassicInstruction(0x05, 0, 0, -2), new ClassicInstruction(0x06, 0, 0, 0));

    @Test
    void ip6IsTwentySixInstructions() {
        // prologue 3 + packet-load prologue 4 = 7
        // ldh [12]: tmp = headlen, tmp -= 12, if tmp s< 2, load, swap, goto (6) + helper path (8) = 14
        // jeq #0x86dd jt 0 jf 1: jt is next, so one jne = 1
        // ret #65535, ret #0: mov32 r0 + exit = 2 + 2
        assertEquals(26, KernelClassicConversion.convertedLength(listing(IP6)));
    }

    @Test
    void tcpPort22IsOneHundredForty() {
        // Counted one by one: ldh [k] 14 (fast path 6, helper path 8), ldb [k] 13 (no swap), a jeq
        // with one side next 1 and with both sides away (jt 10 jf 11) 2, jset #0x1fff jt 6 jf 0 1,
        // ldxb 4*([14]&0xf) 19 (X = A, ldb [14] 13, and, lsh, tmp = X, X = A, A = tmp),
        // ldh [x + k] 9 (3 argument moves, X, + k, call, test, xor, exit), ret #k 2; prologue 7.
        List<ClassicInstruction> p = listing(TCP_PORT_22);
        int[] byHand = {14, 1, 13, 1, 14, 1, 14, 2, 1, 13, 1, 14, 1, 19, 9, 1, 9, 1, 2, 2};
        for (int i = 0; i < p.size(); i++) assertEquals(byHand[i], KernelClassicConversion.convertedLength(p.get(i)), "instruction " + i);
        assertEquals(7 + 133, KernelClassicConversion.convertedLength(p));
    }

    @Test
    void theRarerFormsCountAsTheConverterWritesThem() {
        List<ClassicInstruction> p = rarerForms();
        assertEquals(3 + 4 + 1 + 13 + 15 + 2 + 2 + 2 + 1 + 5 + 1 + 1, KernelClassicConversion.convertedLength(p));
    }

    /** A program the kernel accepts (M[0] written before it is read on every way) with the rarer forms. */
    static List<ClassicInstruction> rarerForms() {
        return List.of(
                new ClassicInstruction(0x02, 0, 0, 0),       // st M[0] = 1
                new ClassicInstruction(0x20, 0, 0, 0),       // ld [0]: no subtraction, swap: 5 + 8 = 13
                new ClassicInstruction(0x30, 0, 0, 40000),   // ldb [40000]: past S16_MAX the load is 3: 7 + 8 = 15
                new ClassicInstruction(0x28, 0, 0, -0x1000), // ldh [SKF_AD_PROTOCOL]: load and swap = 2
                new ClassicInstruction(0x45, 1, 2, 1),       // jset jt 1 jf 2: no inverse, jset + goto = 2
                new ClassicInstruction(0x25, 0, 1, -1),      // jgt #0xffffffff jt 0: mov32 tmp + jle = 2
                new ClassicInstruction(0x61, 0, 0, 0),       // ldx M[0] = 1
                new ClassicInstruction(0x3c, 0, 0, 0),       // div x: mov32 X, jne, xor, exit, div = 5
                new ClassicInstruction(0x80, 0, 0, 0),       // ld len = 1
                new ClassicInstruction(0x16, 0, 0, 0));      // ret a = 1
    }

    @Test
    void aFilterWithoutPacketLoadsHasNoPacketPrologue() {
        // ld len = 1; jge #100 jt 0 jf 1 = jlt, 1; two rets of 2; prologue 3 only
        assertEquals(9, KernelClassicConversion.convertedLength(listing("4;128 0 0 0;53 0 1 100;6 0 0 1;6 0 0 0")));
        // the ancillary protocol load does not set seen_ld_abs either: 3 + 2 + 1 + 2 + 2
        assertEquals(10, KernelClassicConversion.convertedLength(listing("4;40 0 0 4294963200;21 0 1 2048;6 0 0 1;6 0 0 0")));
    }

    @Test
    void indexedLoadsHaveOnlyTheHelperPath() {
        assertEquals(8, KernelClassicConversion.convertedLength(new ClassicInstruction(0x50, 0, 0, 0)));  // ldb [x + 0]
        assertEquals(9, KernelClassicConversion.convertedLength(new ClassicInstruction(0x48, 0, 0, 14))); // ldh [x + 14]
    }

    @Test
    void whatTheKernelRejectsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> KernelClassicConversion.convertedLength(new ClassicInstruction(0xb4, 0, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> KernelClassicConversion.convertedLength(new ClassicInstruction(0x20, 0, 0, -0x1000 + 64)));
        assertThrows(IllegalArgumentException.class, () -> ClassicInstruction.parseDecimal("2\n6 0 0 0\n"));
        assertThrows(IllegalArgumentException.class, () -> KernelClassicConversion.convertedLength(BACKWARD));
    }
}
