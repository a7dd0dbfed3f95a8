package dev.sluice.runtime.sys;

import jnr.ffi.Pointer;

/** {@code union bpf_attr} for BPF_LINK_CREATE. */
public final class LinkCreateAttr implements AutoCloseable {
    private final NativeBuffer attr = Bpf.attr();
    private final Pointer p = attr.pointer();

    public LinkCreateAttr program(int fd) {
        p.putInt(0, fd);
        return this;
    }

    /** An interface index, a cgroup fd or a perf event fd, by attach type. */
    public LinkCreateAttr target(int fdOrIfindex) {
        p.putInt(4, fdOrIfindex);
        return this;
    }

    public LinkCreateAttr attachType(int type) {
        p.putInt(8, type);
        return this;
    }

    public LinkCreateAttr flags(int flags) {
        p.putInt(12, flags);
        return this;
    }

    /** perf_event.bpf_cookie. */
    public LinkCreateAttr cookie(long cookie) {
        p.putLong(16, cookie);
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
