package dev.sluice.runtime.sys;

/** {@code union bpf_attr} for BPF_BTF_LOAD: the blob, and optionally a buffer for the kernel's BTF log. */
public final class BtfLoadAttr extends BpfAttr {

    public BtfLoadAttr blob(NativeBuffer btf) {
        p.putLong(0, btf.address());
        p.putInt(16, (int) btf.size());
        return this;
    }

    /** Level 1 asks for the reason a blob is refused; the kernel writes it into {@code log}. */
    public BtfLoadAttr log(int level, NativeBuffer log) {
        p.putLong(8, log.address());
        p.putInt(20, (int) log.size());
        p.putInt(24, level);
        return this;
    }
}
