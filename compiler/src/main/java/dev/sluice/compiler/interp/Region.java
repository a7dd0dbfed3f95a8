package dev.sluice.compiler.interp;

/**
 * A piece of memory a program may touch. Addresses are {@code id << 32 | (BIAS + offset)}, so a
 * pointer is a plain long, and a small underflow stays inside the region's window and is caught as
 * out of bounds rather than landing in another region.
 */
final class Region {
    static final long BIAS = 0x1000_0000L;

    enum Kind {
        STACK("stack"), CONTEXT("context"), PACKET("packet"), MAP_VALUE("map value"), RECORD("ring buffer record"),
        MAP("map");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    final int id;
    final Kind kind;
    final byte[] data;
    final boolean writable;
    /** For MAP regions: the map; for RECORD regions: the ring buffer it was reserved from. */
    final Object owner;
    boolean released;

    Region(int id, Kind kind, byte[] data, boolean writable, Object owner) {
        this.id = id;
        this.kind = kind;
        this.data = data;
        this.writable = writable;
        this.owner = owner;
    }

    long address(int offset) {
        return (long) id << 32 | (BIAS + offset);
    }

    long base() {
        return address(0);
    }
}
