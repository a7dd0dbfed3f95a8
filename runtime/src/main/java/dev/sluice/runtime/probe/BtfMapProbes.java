package dev.sluice.runtime.probe;

import dev.sluice.compiler.elf.BtfBuilder;
import dev.sluice.compiler.elf.BtfTypes;
import dev.sluice.runtime.BpfException;
import dev.sluice.runtime.BtfObject;
import dev.sluice.runtime.PermissionException;
import dev.sluice.runtime.sys.Bpf;
import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.sys.MapCreateAttr;
import dev.sluice.runtime.sys.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes for the map types the kernel creates only with BTF, as libbpf's map probe does: local
 * storage maps take a small BTF of our own (an int key, a struct value), struct_ops maps the id of a
 * struct_ops value type in the kernel's BTF.
 */
final class BtfMapProbes {
    private static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final String VALUE_PREFIX = "bpf_struct_ops_";

    /** A struct_ops value type of the kernel: {@code struct bpf_struct_ops_NAME { ...; struct NAME data; }}. */
    record StructOpsValue(int id, String name, int size) {}

    private BtfMapProbes() {}

    static Support localStorage(MapTypeProbe m) {
        StorageBtf types = StorageBtf.build();
        try (BtfObject btf = BtfObject.load(types.blob()); MapCreateAttr attr = new MapCreateAttr()) {
            attr.type(m.number()).sizes(m.keySize(), m.valueSize(), m.maxEntries()).flags(m.flags())
                    .btf(btf.fd(), types.keyType(), types.valueType());
            return created(Bpf.callRaw(BpfCommand.MAP_CREATE, attr.buffer()));
        } catch (PermissionException e) {
            return Support.unknown(Errno.name(Errno.EPERM));
        } catch (BpfException e) {
            return Support.unknown("cannot load BTF: " + e.errnoName());
        }
    }

    /**
     * Creates a struct_ops map (with a BTF object of its own, which the kernel requires: without one
     * it answers EINVAL) for each value type the kernel's BTF has until one is created. A type
     * the kernel did not register answers ENOTSUPP; a kernel without struct_ops maps answers EINVAL.
     */
    static Support structOps(MapTypeProbe m) {
        List<StructOpsValue> values;
        try {
            values = structOpsValues(BtfTypes.read(Files.readAllBytes(KERNEL_BTF)));
        } catch (IOException e) {
            return Support.unknown("no " + KERNEL_BTF);
        } catch (RuntimeException e) {
            return Support.unknown(KERNEL_BTF + " is unreadable: " + e.getMessage());
        }
        if (values.isEmpty()) return Support.unknown("no struct_ops value type in " + KERNEL_BTF);
        // The kernel wants a BTF object of the map's own even though the value type is its own.
        try (BtfObject btf = BtfObject.load(StorageBtf.build().blob())) {
            Support answer = Support.NO;
            for (StructOpsValue v : values) {
                Support s;
                try (MapCreateAttr attr = new MapCreateAttr()) {
                    attr.type(m.number()).sizes(m.keySize(), v.size(), m.maxEntries()).btf(btf.fd(), 0, 0)
                            .vmlinuxValueType(v.id());
                    s = created(Bpf.callRaw(BpfCommand.MAP_CREATE, attr.buffer()));
                }
                if (s == Support.YES) return s;
                if (!s.definite()) answer = s;
            }
            return answer;
        } catch (PermissionException e) {
            return Support.unknown(Errno.name(Errno.EPERM));
        } catch (BpfException e) {
            return Support.unknown("cannot load BTF: " + e.errnoName());
        }
    }

    static List<StructOpsValue> structOpsValues(BtfTypes btf) {
        List<StructOpsValue> out = new ArrayList<>();
        for (int id = 1; id < btf.count(); id++) {
            BtfTypes.Type t = btf.get(id);
            if (t.kind() != BtfBuilder.KIND_STRUCT || !t.name().startsWith(VALUE_PREFIX)) continue;
            String ops = t.name().substring(VALUE_PREFIX.length());
            boolean wrapsOps = t.members().stream().anyMatch(member -> member.name().equals("data")
                    && btf.resolve(member.type()).kind() == BtfBuilder.KIND_STRUCT
                    && btf.resolve(member.type()).name().equals(ops));
            if (wrapsOps) out.add(new StructOpsValue(id, t.name(), t.sizeOrType()));
        }
        return out;
    }

    /** A created map is closed at once: yes. EINVAL: the kernel does not know the type. */
    private static Support created(long r) {
        if (r >= 0) {
            Native.close((int) r);
            return Support.YES;
        }
        return -r == Errno.EINVAL ? Support.NO : Support.unknown(Errno.name((int) -r));
    }
}
