package dev.sluice.compiler.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The initial map contents of an object, in a section of Sluice's own that libbpf leaves alone (it
 * is not allocated): records of a little-endian u32 length and bytes, for the map's name, the key
 * and the value, one after another. Sluice's loader fills the maps from it;
 * {@code sluice compile --emit bpftool-batch} prints the same entries for other loaders. Offsets in
 * errors are within the section.
 */
public final class MapEntries {
    /** The name of the section that holds the entries. */
    public static final String SECTION = ".sluice.map_init";

    private MapEntries() {}

    static byte[] encode(List<BpfObject.MapEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BpfObject.MapEntry e : entries) {
            field(out, e.map().getBytes(StandardCharsets.UTF_8));
            field(out, e.key());
            field(out, e.value());
        }
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    /** The entries of {@link #SECTION}'s data; a malformed section is an {@link ElfFormatException}. */
    public static List<BpfObject.MapEntry> decode(byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        List<BpfObject.MapEntry> out = new ArrayList<>();
        while (in.hasRemaining()) {
            String map = new String(field(in), StandardCharsets.UTF_8);
            out.add(new BpfObject.MapEntry(map, field(in), field(in)));
        }
        return out;
    }

    private static byte[] field(ByteBuffer in) {
        if (in.remaining() < 4) throw new ElfFormatException(in.position(), SECTION + ": truncated record");
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new ElfFormatException(in.position() - 4, SECTION + ": a record field of " + length + " bytes runs past the section");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
