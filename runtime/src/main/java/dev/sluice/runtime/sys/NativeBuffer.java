package dev.sluice.runtime.sys;

import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;
import com.kenai.jffi.MemoryIO;

/**
 * Zeroed native memory, freed when closed (not when the garbage collector gets to it), for
 * bpf() attributes and the buffers they point to.
 */
public final class NativeBuffer implements AutoCloseable {
    private static final MemoryIO MEMORY = Native.memory();

    private final long address;
    private final Pointer pointer;
    private final long size;
    private boolean closed;

    private NativeBuffer(long size) {
        this.size = size;
        this.address = MEMORY.allocateMemory(Math.max(1, size), true);
        if (address == 0) throw new OutOfMemoryError("cannot allocate " + size + " bytes of native memory");
        this.pointer = Pointer.wrap(Native.runtime(), address, Math.max(1, size));
    }

    public static NativeBuffer allocate(long size) {
        if (size < 0 || size > Integer.MAX_VALUE) throw new IllegalArgumentException("buffer size " + size);
        return new NativeBuffer(size);
    }

    public static NativeBuffer of(byte[] bytes) {
        NativeBuffer b = allocate(bytes.length);
        b.pointer.put(0, bytes, 0, bytes.length);
        return b;
    }

    /** A NUL-terminated copy of {@code s}. */
    public static NativeBuffer cString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        NativeBuffer b = allocate(bytes.length + 1L);
        b.pointer.put(0, bytes, 0, bytes.length);
        return b;
    }

    public Pointer pointer() {
        checkOpen();
        return pointer;
    }

    public long address() {
        checkOpen();
        return address;
    }

    public long size() {
        return size;
    }

    public byte[] bytes(int offset, int length) {
        checkOpen();
        byte[] out = new byte[length];
        pointer.get(offset, out, 0, length);
        return out;
    }

    public byte[] bytes() {
        return bytes(0, (int) size);
    }

    /** The text up to the first NUL. */
    public String cString() {
        byte[] all = bytes();
        int end = 0;
        while (end < all.length && all[end] != 0) end++;
        return new String(all, 0, end, StandardCharsets.UTF_8);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("native buffer used after close");
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        MEMORY.freeMemory(address);
    }

    public boolean isClosed() {
        return closed;
    }
}
