package dev.sluice.runtime.sys;

/** {@code union bpf_attr} for BPF_PROG_QUERY. */
public final class ProgQueryAttr extends BpfAttr {

    public ProgQueryAttr target(int fdOrIfindex) {
        p.putInt(0, fdOrIfindex);
        return this;
    }

    public ProgQueryAttr attachType(int type) {
        p.putInt(4, type);
        return this;
    }

    public ProgQueryAttr programIds(NativeBuffer ids, int capacity) {
        p.putLong(16, ids.address());
        p.putInt(24, capacity);
        return this;
    }

    public int programCount() {
        return p.getInt(24);
    }
}
