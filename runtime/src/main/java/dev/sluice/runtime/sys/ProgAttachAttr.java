package dev.sluice.runtime.sys;

import jnr.ffi.Pointer;

/** {@code union bpf_attr} for BPF_PROG_ATTACH and BPF_PROG_DETACH. */
public final class ProgAttachAttr implements AutoCloseable {
    public static final int ALLOW_MULTI = 2;
    private final NativeBuffer attr = Bpf.attr();
    private final Pointer p = attr.pointer();

    public ProgAttachAttr target(int fd) {
        p.putInt(0, fd);
        return this;
    }

    public ProgAttachAttr program(int fd) {
        p.putInt(4, fd);
        return this;
    }

    public ProgAttachAttr attachType(int type) {
        p.putInt(8, type);
        return this;
    }

    public ProgAttachAttr flags(int flags) {
        p.putInt(12, flags);
        return this;
    }

    public NativeBuffer buffer() {
        return attr;
    }

    @Override
    public void close() {
        attr.close();
    }
}
