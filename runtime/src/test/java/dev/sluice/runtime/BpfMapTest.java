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
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.testing.KernelRequirement;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BpfMapTest {
    @BeforeEach
    void kernel() {
        KernelRequirement.bpf();
    }

    static byte[] u32(int v) {
        return Codec.U32.encode(v);
    }

    @Test
    void hashMapOperationsAndFlags() {
        try (BpfMap m = BpfMap.create(new MapSpec("flows", MapType.HASH, 4, 8, 3, 0))) {
            m.update(u32(1), Codec.U64.encode(10L), UpdateMode.NO_EXIST);
            BpfException exists = assertThrows(BpfException.class,
                    () -> m.update(u32(1), Codec.U64.encode(11L), UpdateMode.NO_EXIST));
            assertEquals(Errno.EEXIST, exists.errno());
            BpfException missing = assertThrows(BpfException.class,
                    () -> m.update(u32(2), Codec.U64.encode(1L), UpdateMode.EXIST));
            assertEquals(Errno.ENOENT, missing.errno());
            m.update(u32(2), Codec.U64.encode(20L), UpdateMode.ANY);
            m.update(u32(3), Codec.U64.encode(30L));
            assertEquals(Errno.E2BIG, assertThrows(BpfException.class, () -> m.update(u32(4), Codec.U64.encode(1L))).errno());
            assertEquals(10L, Codec.U64.decode(m.lookup(u32(1)).orElseThrow()));
            assertTrue(m.lookup(u32(9)).isEmpty());
            assertEquals(3, m.keys().size());
            Map<BpfMap.ByteKey, byte[]> all = m.entries();
            assertEquals(3, all.size());
            assertEquals(30L, Codec.U64.decode(all.get(new BpfMap.ByteKey(u32(3)))));
            assertTrue(m.delete(u32(2)));
            assertFalse(m.delete(u32(2)));
            assertEquals(2, m.keys().size());
        }
    }

    @Test
    void batchLookupCrossesBatches() {
        try (BpfMap m = BpfMap.create(new MapSpec("big", MapType.HASH, 4, 4, 10_000, 0))) {
            for (int i = 0; i < 5000; i++) m.update(u32(i), u32(i * 2));
            Map<BpfMap.ByteKey, byte[]> all = m.lookupBatch();
            assertEquals(5000, all.size());
            assertEquals(2 * 4321, Codec.U32.decode(all.get(new BpfMap.ByteKey(u32(4321)))));
        }
    }

    @Test
    void arrayMapsHaveEveryIndex() {
        try (BpfMap m = BpfMap.create(new MapSpec("arr", MapType.ARRAY, 4, 8, 4, 0))) {
            assertEquals(0L, Codec.U64.decode(m.lookup(u32(3)).orElseThrow()));
            assertTrue(m.lookup(u32(4)).isEmpty());
            assertEquals(Errno.E2BIG, assertThrows(BpfException.class, () -> m.update(u32(4), new byte[8])).errno());
            assertEquals(Errno.EINVAL, assertThrows(BpfException.class, () -> m.delete(u32(0))).errno());
            assertEquals(4, m.keys().size());
        }
    }

    @Test
    void perCpuValuesAndTheirSum() {
        try (BpfMap m = BpfMap.create(new MapSpec("pcpu", MapType.PERCPU_ARRAY, 4, 8, 1, 0))) {
            m.update(u32(0), Codec.U64.encode(5L));
            List<byte[]> values = m.lookupPerCpu(u32(0)).orElseThrow();
            assertEquals(PossibleCpus.count(), values.size());
            assertEquals(5L * PossibleCpus.count(), m.sumU64(u32(0)));
        }
    }

    @Test
    void lpmTrieWithTypedKeys() throws Exception {
        try (BpfMap m = BpfMap.create(new MapSpec("nets", MapType.LPM_TRIE, 8, 4, 16, MapSpec.NO_PREALLOC))) {
            TypedMap<Codec.Cidr, Integer> nets = TypedMap.of(m, Codec.lpm(4), Codec.U32);
            nets.put(new Codec.Cidr(InetAddress.getByName("10.0.0.0"), 8), 1);
            nets.put(new Codec.Cidr(InetAddress.getByName("10.1.2.0"), 24), 2);
            assertEquals(2, nets.get(new Codec.Cidr(InetAddress.getByName("10.1.2.3"), 32)).orElseThrow());
            assertEquals(1, nets.get(new Codec.Cidr(InetAddress.getByName("10.9.9.9"), 32)).orElseThrow());
            assertTrue(nets.get(new Codec.Cidr(InetAddress.getByName("11.0.0.1"), 32)).isEmpty());
        }
    }

    @Test
    void aTypedViewRefusesCodecsThatDoNotFitTheMap() {
        try (BpfMap m = BpfMap.create(new MapSpec("nets", MapType.LPM_TRIE, 8, 4, 16, MapSpec.NO_PREALLOC))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TypedMap.of(m, Codec.U32, Codec.U32));
            assertEquals("codecs of 4/4 bytes do not fit map nets (8/4)", e.getMessage());
        }
    }

    @Test
    void otherTypesCreate() {
        try (BpfMap ring = BpfMap.create(new MapSpec("events", MapType.RINGBUF, 0, 0, 4096, 0));
             BpfMap dev = BpfMap.create(new MapSpec("ports", MapType.DEVMAP, 4, 4, 8, 0));
             BpfMap progs = BpfMap.create(new MapSpec("jumps", MapType.PROG_ARRAY, 4, 4, 8, 0));
             BpfMap lru = BpfMap.create(new MapSpec("lru", MapType.LRU_HASH, 4, 4, 8, 0));
             BpfMap pch = BpfMap.create(new MapSpec("pch", MapType.PERCPU_HASH, 4, 4, 8, 0))) {
            assertTrue(ring.fd() > 0 && dev.fd() > 0 && progs.fd() > 0 && lru.fd() > 0 && pch.fd() > 0);
        }
        BpfException e = assertThrows(BpfException.class,
                () -> BpfMap.create(new MapSpec("bad", MapType.ARRAY, 8, 4, 4, 0)));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("bad") && e.getMessage().contains("EINVAL"), e.getMessage());
    }

    @Test
    void frozenMapsRefuseUserUpdates() {
        try (BpfMap m = BpfMap.create(new MapSpec("frozen", MapType.ARRAY, 4, 4, 1, 0))) {
            m.update(u32(0), u32(7));
            m.freeze();
            assertEquals(Errno.EPERM, assertThrows(BpfException.class, () -> m.update(u32(0), u32(8))).errno());
            assertEquals(7, Codec.U32.decode(m.lookup(u32(0)).orElseThrow()));
        }
    }

    @Test
    void programsCountIntoABoundMap() {
        try (BpfMap counters = BpfMap.create(new MapSpec("count", MapType.PERCPU_ARRAY, 4, 8, 1, 0))) {
            CodeBuilder b = new CodeBuilder();
            Label missing = b.newLabel();
            b.store(Size.W, R10, -4, 0).mov64(R2, R10).alu64(AluOp.ADD, R2, -4)
                    .add(new Instruction.LoadImm64(R1, Pseudo.MAP_FD, 0)).call(1)
                    .jump(JumpOp.JEQ, R0, 0, missing)
                    .mov64(R1, 1).add(new Instruction.Atomic(Size.DW, AtomicOp.ADD, R0, R1, 0))
                    .bind(missing).mov64(R0, 2).exit();
            Code code = MapBinding.bind(b.build(), List.of(counters));
            try (BpfProgram p = BpfProgram.load(LoadRequest.of("counter", ProgramType.XDP, code))) {
                p.testRun(TestRunRequest.of(new byte[64]).repeat(25));
            }
            assertEquals(25, counters.sumU64(u32(0)));
        }
    }
}
