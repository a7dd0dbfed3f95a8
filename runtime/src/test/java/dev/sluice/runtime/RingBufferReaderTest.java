package dev.sluice.runtime;

import static dev.sluice.compiler.isa.Register.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.isa.AluOp;
import dev.sluice.compiler.isa.Code;
import dev.sluice.compiler.isa.CodeBuilder;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Pseudo;
import dev.sluice.compiler.isa.Size;
import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import dev.sluice.runtime.testing.KernelRequirement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RingBufferReaderTest {
    /** ringbuf_output of 16 bytes: the packet length (u32), 4 zero bytes, a u64 marker. */
    static Code emitRecord(long marker) {
        CodeBuilder b = new CodeBuilder();
        b.load(Size.W, R2, R1, 0).load(Size.W, R3, R1, 4).alu64(AluOp.SUB, R3, R2)
                .store(Size.W, R10, -16, R3).store(Size.W, R10, -12, 0).loadImm64(R4, marker).store(Size.DW, R10, -8, R4);
        return b.add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, 0))
                .mov64(R2, R10).alu64(AluOp.ADD, R2, -16).mov64(R3, 16).mov64(R4, 0).call(130)
                .mov64(R0, 2).exit().build();
    }

    @Test
    void recordsArriveInOrderAndWakeTheReader() throws Exception {
        KernelRequirement.bpf();
        try (BpfMap ring = BpfMap.create(new MapSpec("events", MapType.RINGBUF, 0, 0, 4096, 0));
             BpfProgram program = BpfProgram.load(LoadRequest.of("emit", ProgramType.XDP,
                     MapBinding.bind(emitRecord(0x1122334455667788L), List.of(ring))));
             RingBufferReader reader = RingBufferReader.open(ring)) {
            assertEquals(List.of(), reader.poll(0));
            program.testRun(TestRunRequest.of(new byte[60]).repeat(100));
            List<byte[]> records = reader.poll(100);
            assertEquals(100, records.size());
            for (byte[] r : records) {
                assertEquals(16, r.length);
                assertEquals(60, Codec.U32.decode(java.util.Arrays.copyOf(r, 4)));
                assertEquals(0x1122334455667788L, Codec.U64.decode(java.util.Arrays.copyOfRange(r, 8, 16)));
            }
            // 4 KiB holds 170 records of 24 bytes: 1,000 more wrap around many times, read in passes.
            int total = 0;
            for (int round = 0; round < 10; round++) {
                program.testRun(TestRunRequest.of(new byte[14]).repeat(100));
                total += reader.poll(100).size();
            }
            assertEquals(1000, total);
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> reader.poll(5000).size());
            Thread.sleep(100);
            program.testRun(new byte[20]);
            assertEquals(1, waiting.get(5, TimeUnit.SECONDS));
        }
    }
}
