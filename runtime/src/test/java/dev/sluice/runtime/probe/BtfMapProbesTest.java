package dev.sluice.runtime.probe;

import static org.junit.jupiter.api.Assertions.*;

import dev.sluice.compiler.elf.BtfTypes;
import dev.sluice.runtime.BpfException;
import dev.sluice.runtime.BtfObject;
import dev.sluice.runtime.testing.KernelRequirement;
import dev.sluice.compiler.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BtfMapProbesTest {
    @Test
    void theStorageBtfLoads() {
        KernelRequirement.bpf();
        StorageBtf types = StorageBtf.build();
        try (BtfObject btf = BtfObject.load(types.blob())) {
            assertTrue(btf.fd() > 0);
        }
        BtfTypes read = BtfTypes.read(types.blob());
        assertEquals("int", read.get(types.keyType()).name());
        assertEquals(StorageBtf.VALUE_SIZE, read.sizeOf(types.valueType()));
    }

    @Test
    void aBrokenBlobIsRefusedWithTheKernelsReason() {
        KernelRequirement.bpf();
        byte[] blob = StorageBtf.build().blob();
        blob[2] = 9; // an unknown BTF version
        BpfException e = assertThrows(BpfException.class, () -> BtfObject.load(blob));
        assertEquals("bpf(BTF_LOAD)", e.call());
        assertTrue(e.getMessage().startsWith("loading BTF failed: ") && e.getMessage().endsWith("Unsupported version"),
                e.getMessage());
    }

    @Test
    void everyLocalStorageTypeAndStructOpsExistHere() {
        KernelRequirement.bpf();
        for (MapTypeProbe m : MapTypeProbe.ALL) {
            if (m.needs() == MapTypeProbe.Needs.STORAGE_BTF) assertEquals(Support.YES, BtfMapProbes.localStorage(m), m.name());
            if (m.needs() == MapTypeProbe.Needs.STRUCT_OPS_TYPE) assertEquals(Support.YES, BtfMapProbes.structOps(m), m.name());
        }
    }

    @Test
    void structOpsValueTypesComeFromTheKernelsBtf() throws Exception {
        Path vmlinux = Path.of("/sys/kernel/btf/vmlinux");
        Requirements.require(Files.isReadable(vmlinux), "no " + vmlinux);
        List<BtfMapProbes.StructOpsValue> values = BtfMapProbes.structOpsValues(BtfTypes.read(Files.readAllBytes(vmlinux)));
        assertTrue(values.stream().anyMatch(v -> v.name().equals("bpf_struct_ops_tcp_congestion_ops")), values.toString());
        assertTrue(values.stream().allMatch(v -> v.size() > 0), values.toString());
        assertTrue(values.stream().noneMatch(v -> v.name().equals("bpf_struct_ops_common_value")), values.toString());
    }
}
