package dev.sluice.runtime.sys;

/** {@code union bpf_attr} for BPF_PROG_LOAD (offsets from docs/KERNEL.md, "Commands, maps and ring buffers"). */
public final class ProgLoadAttr extends BpfAttr {
    public static final int LOG_TRUE_SIZE = 140;

    public ProgLoadAttr programType(int type) {
        p.putInt(0, type);
        return this;
    }

    /** The instructions and their count in 8-byte slots. */
    public ProgLoadAttr instructions(NativeBuffer insns) {
        p.putInt(4, (int) (insns.size() / 8));
        p.putLong(8, insns.address());
        return this;
    }

    public ProgLoadAttr license(NativeBuffer license) {
        p.putLong(16, license.address());
        return this;
    }

    public ProgLoadAttr log(int level, NativeBuffer buffer) {
        p.putInt(24, level);
        p.putInt(28, (int) buffer.size());
        p.putLong(32, buffer.address());
        return this;
    }

    public ProgLoadAttr noLog() {
        p.putInt(24, 0);
        p.putInt(28, 0);
        p.putLong(32, 0);
        return this;
    }

    public ProgLoadAttr flags(int progFlags) {
        p.putInt(44, progFlags);
        return this;
    }

    /** At most 15 bytes of [A-Za-z0-9_.]; the caller checks. */
    public ProgLoadAttr name(byte[] name) {
        p.put(48, name, 0, Math.min(15, name.length));
        return this;
    }

    public ProgLoadAttr ifindex(int ifindex) {
        p.putInt(64, ifindex);
        return this;
    }

    public ProgLoadAttr expectedAttachType(int type) {
        p.putInt(68, type);
        return this;
    }

    public ProgLoadAttr fdArray(NativeBuffer fds) {
        p.putLong(120, fds.address());
        return this;
    }

    /** The log size the kernel said it needed (6.4+), or 0. */
    public int logTrueSize() {
        return p.getInt(LOG_TRUE_SIZE);
    }
}
