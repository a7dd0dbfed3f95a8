package dev.sluice.runtime.sys;

import jnr.ffi.Pointer;

/**
 * A zeroed native attribute block for one system call, freed on close. Each command has its own
 * subclass with typed setters at the offsets of docs/KERNEL.md, "Commands, maps and ring buffers".
 */
public abstract sealed class BpfAttr implements AutoCloseable
        permits ProgLoadAttr, ProgTestRunAttr, ObjGetInfoByFdAttr, MapCreateAttr, MapElemAttr, MapBatchAttr, ObjPinAttr,
                LinkCreateAttr, LinkUpdateAttr, ProgAttachAttr, ProgQueryAttr, PerfEventAttr, BtfLoadAttr {
    private final NativeBuffer attr;
    protected final Pointer p;

    protected BpfAttr() {
        this(Bpf.ATTR_SIZE);
    }

    protected BpfAttr(int size) {
        this.attr = NativeBuffer.allocate(size);
        this.p = attr.pointer();
    }

    public NativeBuffer buffer() {
        return attr;
    }

    @Override
    public void close() {
        attr.close();
    }
}
