package dev.sluice.runtime.sys;

/** {@code union bpf_attr} for BPF_PROG_ATTACH and BPF_PROG_DETACH. */
public final class ProgAttachAttr extends BpfAttr {
    public static final int ALLOW_MULTI = 2;

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
}
