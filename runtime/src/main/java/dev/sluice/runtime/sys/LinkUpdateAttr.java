package dev.sluice.runtime.sys;

/** {@code union bpf_attr} for BPF_LINK_UPDATE and BPF_LINK_DETACH. */
public final class LinkUpdateAttr extends BpfAttr {
    /** BPF_F_REPLACE: the kernel checks that the link still runs {@code oldProgram}. */
    public static final int REPLACE = 4;

    public LinkUpdateAttr link(int fd) {
        p.putInt(0, fd);
        return this;
    }

    public LinkUpdateAttr newProgram(int fd) {
        p.putInt(4, fd);
        return this;
    }

    public LinkUpdateAttr replacing(int oldProgramFd) {
        p.putInt(8, REPLACE);
        p.putInt(12, oldProgramFd);
        return this;
    }
}
