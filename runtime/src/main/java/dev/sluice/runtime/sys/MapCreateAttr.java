package dev.sluice.runtime.sys;

/** {@code union bpf_attr} for BPF_MAP_CREATE. */
public final class MapCreateAttr extends BpfAttr {

    public MapCreateAttr type(int type) {
        p.putInt(0, type);
        return this;
    }

    public MapCreateAttr sizes(int keySize, int valueSize, int maxEntries) {
        p.putInt(4, keySize);
        p.putInt(8, valueSize);
        p.putInt(12, maxEntries);
        return this;
    }

    public MapCreateAttr flags(int flags) {
        p.putInt(16, flags);
        return this;
    }

    public MapCreateAttr innerMap(int fd) {
        p.putInt(20, fd);
        return this;
    }

    /** At most 15 bytes of [A-Za-z0-9_.]. */
    public MapCreateAttr name(byte[] name) {
        p.put(28, name, 0, Math.min(15, name.length));
        return this;
    }

    /** The BTF object (a BPF_BTF_LOAD fd) and the ids in it that describe keys and values. */
    public MapCreateAttr btf(int btfFd, int keyTypeId, int valueTypeId) {
        p.putInt(48, btfFd);
        p.putInt(52, keyTypeId);
        p.putInt(56, valueTypeId);
        return this;
    }

    /** For struct_ops maps: the id in the kernel's own BTF of the {@code bpf_struct_ops_NAME} value type. */
    public MapCreateAttr vmlinuxValueType(int typeId) {
        p.putInt(60, typeId);
        return this;
    }
}
