package dev.sluice.runtime;

import dev.sluice.compiler.maps.MapSpec;
import dev.sluice.compiler.maps.MapType;
import dev.sluice.runtime.sys.Bpf;
import dev.sluice.runtime.sys.BpfCommand;
import dev.sluice.runtime.sys.NativeBuffer;
import dev.sluice.runtime.sys.ObjGetInfoByFdAttr;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one generation of applied rules is: the script (path, SHA-256 and its text, sets written
 * out, so the rules can be compiled again to read their counters and sets), where the programs
 * attach (so a set replace can apply them again), and per program its
 * hook, its maps with the signature that decides whether a later apply keeps their contents, and
 * its links. bpffs holds no regular files, so the record lives in a frozen one-entry array map
 * pinned beside the programs.
 */
public record AppliedRecord(String scriptPath, String sha256, String script, AttachPoints points, List<ProgramEntry> programs) {
    private static final int FORMAT = 1;
    private static final int MAP_INFO_SIZE = 88;

    /** One program: its name, hook (as written in rules), maps and links. */
    public record ProgramEntry(String name, String hook, List<MapEntry> maps, List<LinkEntry> links) {
        /** Rejects missing parts; copies the lists. */
        public ProgramEntry {
            Objects.requireNonNull(name);
            Objects.requireNonNull(hook);
            maps = List.copyOf(maps);
            links = List.copyOf(links);
        }
    }

    /** A map by name, with what must match for its contents to carry over. */
    public record MapEntry(String name, String signature) {}

    /** A link by its key (hook, namespace, interface: what makes two applies' links the same one) and in words. */
    public record LinkEntry(String key, String description) {}

    /** Rejects missing parts; copies the lists. */
    public AppliedRecord {
        Objects.requireNonNull(scriptPath);
        Objects.requireNonNull(sha256);
        Objects.requireNonNull(script);
        Objects.requireNonNull(points);
        programs = List.copyOf(programs);
    }

    /** The entry of program {@code name}, if the generation has it. */
    public java.util.Optional<ProgramEntry> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            write(out, scriptPath);
            write(out, sha256);
            write(out, script);
            out.writeInt(points.interfaces().size());
            for (String i : points.interfaces()) write(out, i);
            write(out, points.netns().orElse(""));
            write(out, points.mode().name());
            write(out, points.cgroup().map(Path::toString).orElse(""));
            out.writeInt(programs.size());
            for (ProgramEntry p : programs) {
                write(out, p.name());
                write(out, p.hook());
                out.writeInt(p.maps().size());
                for (MapEntry m : p.maps()) {
                    write(out, m.name());
                    write(out, m.signature());
                }
                out.writeInt(p.links().size());
                for (LinkEntry l : p.links()) {
                    write(out, l.key());
                    write(out, l.description());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static AppliedRecord decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readInt();
            if (format != FORMAT) throw new IllegalStateException("applied rules recorded in format " + format + ", not " + FORMAT);
            String path = read(in);
            String sha = read(in);
            String script = read(in);
            List<String> interfaces = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) interfaces.add(read(in));
            String netns = read(in);
            XdpMode mode = XdpMode.valueOf(read(in));
            String cgroup = read(in);
            AttachPoints points = new AttachPoints(interfaces, java.util.Optional.of(netns).filter(n -> !n.isEmpty()), mode,
                    java.util.Optional.of(cgroup).filter(c -> !c.isEmpty()).map(Path::of));
            List<ProgramEntry> programs = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                String name = read(in);
                String hook = read(in);
                List<MapEntry> maps = new ArrayList<>();
                for (int m = in.readInt(); m > 0; m--) maps.add(new MapEntry(read(in), read(in)));
                List<LinkEntry> links = new ArrayList<>();
                for (int l = in.readInt(); l > 0; l--) links.add(new LinkEntry(read(in), read(in)));
                programs.add(new ProgramEntry(name, hook, maps, links));
            }
            return new AppliedRecord(path, sha, script, points, programs);
        } catch (IOException e) {
            throw new IllegalStateException("the applied rules' record is damaged: " + e.getMessage(), e);
        }
    }

    /** Writes the record into a new frozen map pinned at {@code pin}; the map's descriptor is closed after. */
    void pin(Path pin) {
        byte[] data = encode();
        int size = (data.length + 4 + 7) & ~7;
        ByteBuffer value = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length).put(data);
        try (BpfMap map = BpfMap.create(new MapSpec("sluice_record", MapType.ARRAY, 4, size, 1, 0))) {
            map.update(Codec.U32.encode(0), value.array());
            map.freeze();
            map.pin(pin);
        }
    }

    /** The record pinned at {@code pin}. */
    static AppliedRecord read(Path pin) {
        int fd = Pins.open(pin);
        try (FileDescriptor owned = new FileDescriptor(fd)) {
            int valueSize = valueSize(fd);
            try (BpfMap map = BpfMap.openPinned(pin, new MapSpec("sluice_record", MapType.ARRAY, 4, valueSize, 1, 0))) {
                ByteBuffer value = ByteBuffer.wrap(map.lookup(Codec.U32.encode(0)).orElseThrow())
                        .order(ByteOrder.LITTLE_ENDIAN);
                byte[] data = new byte[value.getInt(0)];
                value.get(4, data);
                return decode(data);
            }
        }
    }

    /** bpf_map_info.value_size: the record's length is known only to the map. */
    private static int valueSize(int fd) {
        try (NativeBuffer info = NativeBuffer.allocate(MAP_INFO_SIZE); ObjGetInfoByFdAttr attr = new ObjGetInfoByFdAttr()) {
            attr.object(fd).info(info);
            long r = Bpf.callRaw(BpfCommand.OBJ_GET_INFO_BY_FD, attr.buffer());
            if (r < 0) throw BpfException.of(BpfCommand.OBJ_GET_INFO_BY_FD, (int) -r);
            return ByteBuffer.wrap(info.bytes()).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        }
    }

    private static void write(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) throw new IOException("string length " + n);
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
