package dev.sluice.runtime.sys;

/** {@code union bpf_attr} for BPF_PROG_TEST_RUN. */
public final class ProgTestRunAttr extends BpfAttr {

    public ProgTestRunAttr program(int fd) {
        p.putInt(0, fd);
        return this;
    }

    public ProgTestRunAttr dataIn(NativeBuffer data) {
        p.putInt(8, (int) data.size());
        p.putLong(16, data.address());
        return this;
    }

    public ProgTestRunAttr dataOut(NativeBuffer data) {
        p.putInt(12, (int) data.size());
        p.putLong(24, data.address());
        return this;
    }

    public ProgTestRunAttr repeat(int repeat) {
        p.putInt(32, repeat);
        return this;
    }

    public ProgTestRunAttr contextIn(NativeBuffer ctx) {
        p.putInt(40, (int) ctx.size());
        p.putLong(48, ctx.address());
        return this;
    }

    public ProgTestRunAttr contextOut(NativeBuffer ctx) {
        p.putInt(44, (int) ctx.size());
        p.putLong(56, ctx.address());
        return this;
    }

    public ProgTestRunAttr flags(int flags) {
        p.putInt(64, flags);
        return this;
    }

    public ProgTestRunAttr cpu(int cpu) {
        p.putInt(68, cpu);
        return this;
    }

    public int retval() {
        return p.getInt(4);
    }

    public int dataSizeOut() {
        return p.getInt(12);
    }

    /** Average nanoseconds per run. */
    public int duration() {
        return p.getInt(36);
    }

    public int contextSizeOut() {
        return p.getInt(44);
    }
}
