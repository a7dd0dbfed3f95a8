package dev.sluice.compiler.interp;

import java.util.ArrayList;
import java.util.List;

/** The address space of one run: regions by id, and checked loads and stores. */
final class Memory {
    private final List<Region> regions = new ArrayList<>();

    Memory() {
        regions.add(null); // id 0: a null pointer resolves to nothing
    }

    Region add(Region.Kind kind, byte[] data, boolean writable, Object owner) {
        Region r = new Region(regions.size(), kind, data, writable, owner);
        regions.add(r);
        return r;
    }

    /** The region an address points into, or null. */
    Region regionOf(long address) {
        long id = address >>> 32;
        if (id <= 0 || id >= regions.size()) return null;
        return regions.get((int) id);
    }

    /** The offset of {@code address} in {@code r} (may be out of range; callers check). */
    static long offsetIn(long address) {
        return (address & 0xffff_ffffL) - Region.BIAS;
    }

    Region resolve(long address, int size, boolean write) {
        Region r = regionOf(address);
        if (r == null) throw new MemoryFault(String.format("invalid memory access to 0x%x (not a pointer)", address));
        if (r.kind == Region.Kind.MAP) throw new MemoryFault("a map pointer cannot be dereferenced");
        if (r.released) throw new MemoryFault("access to a ring buffer record after submit or discard");
        long off = offsetIn(address);
        if (off < 0 || off + size > r.data.length) {
            throw new MemoryFault(r.kind.label + " access out of bounds: offset " + off + " size " + size
                    + " of " + r.data.length + " bytes");
        }
        if (write && !r.writable) throw new MemoryFault("write into read-only " + r.kind.label);
        return r;
    }

    long load(long address, int size) {
        Region r = resolve(address, size, false);
        return read(r.data, (int) offsetIn(address), size);
    }

    void store(long address, int size, long value) {
        Region r = resolve(address, size, true);
        write(r.data, (int) offsetIn(address), size, value);
    }

    byte[] bytes(long address, int length) {
        if (length < 0) throw new MemoryFault("negative length " + length);
        if (length == 0) return new byte[0];
        Region r = resolve(address, length, false);
        int off = (int) offsetIn(address);
        return java.util.Arrays.copyOfRange(r.data, off, off + length);
    }

    void copyIn(long address, byte[] src, int length) {
        if (length == 0) return;
        Region r = resolve(address, length, true);
        System.arraycopy(src, 0, r.data, (int) offsetIn(address), length);
    }

    static long read(byte[] d, int at, int size) {
        switch (size) {
            case 1: return d[at] & 0xffL;
            case 2: return (d[at] & 0xffL) | (d[at + 1] & 0xffL) << 8;
            case 4: return (d[at] & 0xffL) | (d[at + 1] & 0xffL) << 8 | (d[at + 2] & 0xffL) << 16 | (d[at + 3] & 0xffL) << 24;
            default:
                return (d[at] & 0xffL) | (d[at + 1] & 0xffL) << 8 | (d[at + 2] & 0xffL) << 16 | (d[at + 3] & 0xffL) << 24
                        | (d[at + 4] & 0xffL) << 32 | (d[at + 5] & 0xffL) << 40 | (d[at + 6] & 0xffL) << 48
                        | (d[at + 7] & 0xffL) << 56;
        }
    }

    static void write(byte[] d, int at, int size, long v) {
        for (int i = 0; i < size; i++) d[at + i] = (byte) (v >>> (8 * i));
    }
}
