package dev.sluice.runtime.sys;

/** {@code union bpf_attr} for BPF_OBJ_GET_INFO_BY_FD. */
public final class ObjGetInfoByFdAttr extends BpfAttr {

    public ObjGetInfoByFdAttr object(int fd) {
        p.putInt(0, fd);
        return this;
    }

    public ObjGetInfoByFdAttr info(NativeBuffer info) {
        p.putInt(4, (int) info.size());
        p.putLong(8, info.address());
        return this;
    }

    /** How many bytes the kernel wrote. */
    public int infoLength() {
        return p.getInt(4);
    }
}
