package dev.sluice.runtime.sys;

/** {@code union bpf_attr} for BPF_OBJ_PIN and BPF_OBJ_GET. */
public final class ObjPinAttr extends BpfAttr {

    public ObjPinAttr path(NativeBuffer path) {
        p.putLong(0, path.address());
        return this;
    }

    public ObjPinAttr object(int fd) {
        p.putInt(8, fd);
        return this;
    }

    public ObjPinAttr fileFlags(int flags) {
        p.putInt(12, flags);
        return this;
    }
}
