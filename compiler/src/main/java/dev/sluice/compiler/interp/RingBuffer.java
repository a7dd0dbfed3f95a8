package dev.sluice.compiler.interp;

import dev.sluice.compiler.maps.MapSpec;
import java.util.ArrayList;
import java.util.List;

/** A ring buffer: records submitted by programs, in order, for the caller to read. */
public final class RingBuffer extends InterpMap {
    private final List<byte[]> records = new ArrayList<>();
    private long reserved;

    RingBuffer(MapSpec spec) {
        super(spec);
    }

    @Override
    public byte[] lookup(byte[] key) {
        return null;
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        return -EINVAL;
    }

    @Override
    public int delete(byte[] key) {
        return -EINVAL;
    }

    /** Room for a record of {@code size} bytes (8-byte header, padded to 8), as the kernel accounts it. */
    boolean hasRoomFor(long size) {
        long used = reserved;
        for (byte[] r : records) used += (r.length + 8 + 7) & ~7L;
        return used + ((size + 8 + 7) & ~7L) <= spec().maxEntries();
    }

    void reserve(long size) {
        reserved += (size + 8 + 7) & ~7L;
    }

    void finish(long size, byte[] record) {
        reserved -= (size + 8 + 7) & ~7L;
        if (record != null) records.add(record);
    }

    void output(byte[] record) {
        records.add(record);
    }

    /** Submitted records, oldest first; reading them empties the buffer. */
    public List<byte[]> drain() {
        List<byte[]> out = List.copyOf(records);
        records.clear();
        return out;
    }
}
