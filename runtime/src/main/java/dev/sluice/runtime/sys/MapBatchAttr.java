package dev.sluice.runtime.sys;

/** {@code union bpf_attr} for MAP_LOOKUP_BATCH and MAP_UPDATE_BATCH. */
public final class MapBatchAttr extends BpfAttr {

    public MapBatchAttr inBatch(NativeBuffer token) {
        p.putLong(0, token == null ? 0 : token.address());
        return this;
    }

    public MapBatchAttr outBatch(NativeBuffer token) {
        p.putLong(8, token.address());
        return this;
    }

    public MapBatchAttr keys(NativeBuffer keys) {
        p.putLong(16, keys.address());
        return this;
    }

    public MapBatchAttr values(NativeBuffer values) {
        p.putLong(24, values.address());
        return this;
    }

    public MapBatchAttr count(int count) {
        p.putInt(32, count);
        return this;
    }

    public int count() {
        return p.getInt(32);
    }

    public MapBatchAttr map(int fd) {
        p.putInt(36, fd);
        return this;
    }

    public MapBatchAttr elementFlags(long flags) {
        p.putLong(40, flags);
        return this;
    }
}
