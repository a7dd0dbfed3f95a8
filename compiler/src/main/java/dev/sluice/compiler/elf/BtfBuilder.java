package dev.sluice.compiler.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@code .BTF} blob: a 24-byte header, the types, then the string section. Type ids start
 * at 1 (0 is void) and are returned by each {@code add} method.
 */
public final class BtfBuilder {
    public static final int KIND_INT = 1;
    public static final int KIND_PTR = 2;
    public static final int KIND_ARRAY = 3;
    public static final int KIND_STRUCT = 4;
    public static final int KIND_FUNC = 12;
    public static final int KIND_FUNC_PROTO = 13;
    public static final int KIND_VAR = 14;
    public static final int KIND_DATASEC = 15;
    public static final int VAR_GLOBAL_ALLOCATED = 1;
    public static final int FUNC_GLOBAL = 1;

    public record Member(String name, int type, int bitOffset) {}

    public record Param(String name, int type) {}

    public record SectionVar(int type, int offset, int size) {}

    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    private int nextId = 1;

    public BtfBuilder() {
        strings.write(0);
        stringOffsets.put("", 0);
    }

    public int addInt(String name, int bytes, boolean signed) {
        int id = header(name, KIND_INT, 0, bytes);
        u32((signed ? 1 : 0) << 24 | bytes * 8);
        return id;
    }

    public int addPointer(int target) {
        return header("", KIND_PTR, 0, target);
    }

    public int addArray(int element, int index, int count) {
        int id = header("", KIND_ARRAY, 0, 0);
        u32(element);
        u32(index);
        u32(count);
        return id;
    }

    public int addStruct(String name, int size, List<Member> members) {
        int id = header(name, KIND_STRUCT, members.size(), size);
        for (Member m : members) {
            u32(string(m.name()));
            u32(m.type());
            u32(m.bitOffset());
        }
        return id;
    }

    public int addVar(String name, int type) {
        int id = header(name, KIND_VAR, 0, type);
        u32(VAR_GLOBAL_ALLOCATED);
        return id;
    }

    public int addDataSection(String name, int size, List<SectionVar> vars) {
        int id = header(name, KIND_DATASEC, vars.size(), size);
        for (SectionVar v : vars) {
            u32(v.type());
            u32(v.offset());
            u32(v.size());
        }
        return id;
    }

    public int addFunctionPrototype(int returnType, List<Param> params) {
        int id = header("", KIND_FUNC_PROTO, params.size(), returnType);
        for (Param p : params) {
            u32(string(p.name()));
            u32(p.type());
        }
        return id;
    }

    public int addFunction(String name, int prototype) {
        return header(name, KIND_FUNC, FUNC_GLOBAL, prototype);
    }

    /** The offset of {@code s} in the string section, adding it once. */
    public int string(String s) {
        Integer at = stringOffsets.get(s);
        if (at != null) return at;
        int offset = strings.size();
        strings.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        strings.write(0);
        stringOffsets.put(s, offset);
        return offset;
    }

    public byte[] build() {
        byte[] t = types.toByteArray();
        byte[] s = strings.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(24 + t.length + s.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) 0xeB9F).put((byte) 1).put((byte) 0);
        out.putInt(24).putInt(0).putInt(t.length).putInt(t.length).putInt(s.length);
        out.put(t).put(s);
        return out.array();
    }

    private int header(String name, int kind, int vlen, int sizeOrType) {
        u32(string(name));
        u32(kind << 24 | vlen);
        u32(sizeOrType);
        return nextId++;
    }

    private void u32(int v) {
        types.write(v);
        types.write(v >>> 8);
        types.write(v >>> 16);
        types.write(v >>> 24);
    }
}
