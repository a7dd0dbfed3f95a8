package dev.sluice.runtime.sys;

/** {@code union bpf_attr} for BPF_LINK_CREATE. */
public final class LinkCreateAttr extends BpfAttr {

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
}
