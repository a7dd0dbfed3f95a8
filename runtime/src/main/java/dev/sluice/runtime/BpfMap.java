package dev.sluice.runtime;

import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.runtime.sys.Bpf;
import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.Errno;
import dev.sluice.runtime.sys.MapBatchAttr;
import dev.sluice.runtime.sys.MapCreateAttr;
import dev.sluice.runtime.sys.MapElemAttr;
import dev.sluice.runtime.sys.NativeBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kernel map, owning its file descriptor. Keys and values are raw bytes here;
 * {@code TypedMap.of(map, keys, values)} views a map through codecs (the view knows the map, not the
 * other way round). Per-CPU maps hold one value per possible CPU: {@link #lookupPerCpu} returns them
 * all and {@link #lookup} returns them concatenated.
 */
public final class BpfMap implements AutoCloseable {
    private final FileDescriptor fd;
    private final MapSpec spec;

    private BpfMap(FileDescriptor fd, MapSpec spec) {
        this.fd = fd;
        this.spec = spec;
    }

    /**
     * Creates a map (BPF_MAP_CREATE) as {@code spec} says; the name is cut to the kernel's 15 characters of
     * [A-Za-z0-9_.]. EPERM is a {@link PermissionException}, other refusals a {@link BpfException} with the
     * sizes asked for.
     */
    public static BpfMap create(MapSpec spec) {
        try (MapCreateAttr attr = new MapCreateAttr()) {
            attr.type(spec.type().number()).sizes(spec.keySize(), spec.valueSize(), spec.maxEntries())
                    .flags(spec.flags()).name(kernelName(spec.name()).getBytes(StandardCharsets.US_ASCII));
            long r = Bpf.callRaw(BpfCommand.MAP_CREATE, attr.buffer());
            if (r == -Errno.EPERM) {
                throw new PermissionException(BpfCommand.MAP_CREATE, "creating a map", "CAP_BPF");
            }
            if (r < 0) {
                throw new BpfException(BpfCommand.MAP_CREATE, (int) -r, "creating map " + spec.name() + " ("
                        + spec.type().kernelName() + ", key " + spec.keySize() + ", value " + spec.valueSize()
                        + ", max " + spec.maxEntries() + ") failed: " + Errno.describe((int) -r));
            }
            return new BpfMap(new FileDescriptor((int) r), spec);
        }
    }

    /** Reopens a map pinned at {@code path}; {@code spec} describes it (the kernel checks nothing here). */
    public static BpfMap openPinned(java.nio.file.Path path, MapSpec spec) {
        return new BpfMap(new FileDescriptor(Pins.open(path)), spec);
    }

    /** Pins the map at {@code path} on a bpffs, so that it outlives this process; the path must not exist. */
    public void pin(java.nio.file.Path path) {
        Pins.pin(fd(), path, "map " + spec.name());
    }

    static String kernelName(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (out.length() == 15) break;
            out.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.' ? c : '_');
        }
        return out.toString();
    }

    /** What the map was created with. */
    public MapSpec spec() {
        return spec;
    }

    /** The file descriptor, while the map is open; valid as long as this object is. */
    public int fd() {
        return fd.number();
    }

    /** Bytes of one lookup result: the value, or one 8-byte-aligned value per possible CPU. */
    public int valueBytes() {
        return spec.type().perCpu() ? PossibleCpus.count() * ((spec.valueSize() + 7) & ~7) : spec.valueSize();
    }

    /**
     * The value at {@code key} (for a per-CPU map, every CPU's value concatenated, see {@link
     * #valueBytes()}), or empty when the key is not there.
     */
    public Optional<byte[]> lookup(byte[] key) {
        checkKey(key);
        try (NativeBuffer k = NativeBuffer.of(key); NativeBuffer v = NativeBuffer.allocate(valueBytes());
             MapElemAttr attr = new MapElemAttr()) {
            attr.map(fd()).key(k).value(v);
            long r = Bpf.callRaw(BpfCommand.MAP_LOOKUP_ELEM, attr.buffer());
            if (r == -Errno.ENOENT) return Optional.empty();
            if (r < 0) throw error(BpfCommand.MAP_LOOKUP_ELEM, r);
            return Optional.of(v.bytes());
        }
    }

    /** Every CPU's value of a per-CPU map (each {@code valueSize} bytes), or one value otherwise. */
    public Optional<List<byte[]>> lookupPerCpu(byte[] key) {
        return lookup(key).map(this::splitPerCpu);
    }

    private List<byte[]> splitPerCpu(byte[] all) {
        if (!spec.type().perCpu()) return List.of(all);
        int stride = (spec.valueSize() + 7) & ~7;
        List<byte[]> out = new ArrayList<>();
        for (int cpu = 0; cpu < PossibleCpus.count(); cpu++) {
            out.add(java.util.Arrays.copyOfRange(all, cpu * stride, cpu * stride + spec.valueSize()));
        }
        return out;
    }

    /** The sum over CPUs of a per-CPU counter whose value is a little-endian u64 (or the value itself). */
    public long sumU64(byte[] key) {
        return lookupPerCpu(key).map(values -> {
            long sum = 0;
            for (byte[] v : values) sum += Codec.U64.decode(v);
            return sum;
        }).orElse(0L);
    }

    /** Stores {@code value}; for a per-CPU map, {@code value} is one value given to every CPU. */
    public void update(byte[] key, byte[] value, UpdateMode mode) {
        checkKey(key);
        byte[] bytes = value;
        if (spec.type().perCpu() && value.length == spec.valueSize()) {
            int stride = (spec.valueSize() + 7) & ~7;
            bytes = new byte[valueBytes()];
            for (int cpu = 0; cpu < PossibleCpus.count(); cpu++) System.arraycopy(value, 0, bytes, cpu * stride, value.length);
        }
        if (bytes.length != valueBytes()) {
            throw new IllegalArgumentException("map " + spec.name() + " takes " + valueBytes() + "-byte values, not "
                    + bytes.length);
        }
        try (NativeBuffer k = NativeBuffer.of(key); NativeBuffer v = NativeBuffer.of(bytes);
             MapElemAttr attr = new MapElemAttr()) {
            attr.map(fd()).key(k).value(v).flags(mode.flag());
            long r = Bpf.callRaw(BpfCommand.MAP_UPDATE_ELEM, attr.buffer());
            if (r < 0) throw error(BpfCommand.MAP_UPDATE_ELEM, r);
        }
    }

    /** Stores {@code value} at {@code key} whether or not the key is there ({@link UpdateMode#ANY}). */
    public void update(byte[] key, byte[] value) {
        update(key, value, UpdateMode.ANY);
    }

    /** Removes {@code key}; false when it was not there. */
    public boolean delete(byte[] key) {
        checkKey(key);
        try (NativeBuffer k = NativeBuffer.of(key); MapElemAttr attr = new MapElemAttr()) {
            attr.map(fd()).key(k);
            long r = Bpf.callRaw(BpfCommand.MAP_DELETE_ELEM, attr.buffer());
            if (r == -Errno.ENOENT) return false;
            if (r < 0) throw error(BpfCommand.MAP_DELETE_ELEM, r);
            return true;
        }
    }

    /** All keys, by BPF_MAP_GET_NEXT_KEY from no key until ENOENT. */
    public List<byte[]> keys() {
        List<byte[]> out = new ArrayList<>();
        try (NativeBuffer current = NativeBuffer.allocate(spec.keySize()); NativeBuffer next = NativeBuffer.allocate(spec.keySize());
             MapElemAttr attr = new MapElemAttr()) {
            attr.map(fd()).key(null).value(next);
            while (true) {
                long r = Bpf.callRaw(BpfCommand.MAP_GET_NEXT_KEY, attr.buffer());
                if (r == -Errno.ENOENT) return out;
                if (r < 0) throw error(BpfCommand.MAP_GET_NEXT_KEY, r);
                byte[] key = next.bytes();
                out.add(key);
                current.pointer().put(0, key, 0, key.length);
                attr.key(current);
                if (out.size() > spec.maxEntries() + 1) return out; // entries churned under us; stop rather than loop
            }
        }
    }

    /** Every key and value, with BPF_MAP_LOOKUP_BATCH where the map type has it, else key by key. */
    public Map<ByteKey, byte[]> entries() {
        try {
            return lookupBatch();
        } catch (BpfException e) {
            if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOTSUPP && e.errno() != Errno.EOPNOTSUPP) throw e;
        }
        Map<ByteKey, byte[]> out = new LinkedHashMap<>();
        for (byte[] key : keys()) lookup(key).ifPresent(v -> out.put(new ByteKey(key), v));
        return out;
    }

    Map<ByteKey, byte[]> lookupBatch() {
        int capacity = Math.min(spec.maxEntries(), 4096);
        Map<ByteKey, byte[]> out = new LinkedHashMap<>();
        int valueBytes = valueBytes();
        try (NativeBuffer keys = NativeBuffer.allocate((long) capacity * spec.keySize());
             NativeBuffer values = NativeBuffer.allocate((long) capacity * valueBytes);
             NativeBuffer token = NativeBuffer.allocate(Math.max(8, spec.keySize()));
             NativeBuffer nextToken = NativeBuffer.allocate(Math.max(8, spec.keySize()));
             MapBatchAttr attr = new MapBatchAttr()) {
            boolean first = true;
            while (true) {
                attr.map(fd()).inBatch(first ? null : token).outBatch(nextToken).keys(keys).values(values).count(capacity);
                long r = Bpf.callRaw(BpfCommand.MAP_LOOKUP_BATCH, attr.buffer());
                int n = attr.count();
                for (int i = 0; i < n; i++) {
                    out.put(new ByteKey(keys.bytes(i * spec.keySize(), spec.keySize())), values.bytes(i * valueBytes, valueBytes));
                }
                if (r == -Errno.ENOENT) return out;
                if (r < 0) throw error(BpfCommand.MAP_LOOKUP_BATCH, r);
                token.pointer().put(0, nextToken.bytes(), 0, (int) nextToken.size());
                first = false;
            }
        }
    }

    /** Makes the map read-only for user space (BPF_MAP_FREEZE); programs may still write it. */
    public void freeze() {
        try (MapElemAttr attr = new MapElemAttr()) {
            attr.map(fd());
            long r = Bpf.callRaw(BpfCommand.MAP_FREEZE, attr.buffer());
            if (r < 0) throw error(BpfCommand.MAP_FREEZE, r);
        }
    }

    private void checkKey(byte[] key) {
        if (key.length != spec.keySize()) {
            throw new IllegalArgumentException("map " + spec.name() + " takes " + spec.keySize() + "-byte keys, not "
                    + key.length);
        }
    }

    private BpfException error(BpfCommand command, long r) {
        int errno = (int) -r;
        return new BpfException(command, errno, command + " on map " + spec.name() + " failed: " + Errno.describe(errno));
    }

    /** Whether {@link #close()} has not been called yet. */
    public boolean isOpen() {
        return fd.isOpen();
    }

    @Override
    public void close() {
        fd.close();
    }

    /** A map key with value equality, for results keyed by bytes. */
    public record ByteKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ByteKey k && java.util.Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return java.util.HexFormat.of().formatHex(bytes);
        }
    }
}
