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
}
