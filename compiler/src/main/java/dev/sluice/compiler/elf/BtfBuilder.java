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
    /** {@code BTF_KIND_INT}: an integer type, with its size and signedness. */
    public static final int KIND_INT = 1;
    /** {@code BTF_KIND_PTR}: a pointer to another type. */
    public static final int KIND_PTR = 2;
    /** {@code BTF_KIND_ARRAY}: an array of an element type; BTF maps encode numbers as array lengths. */
    public static final int KIND_ARRAY = 3;
    /** {@code BTF_KIND_STRUCT}: a struct with named members. */
    public static final int KIND_STRUCT = 4;
    /** {@code BTF_KIND_FUNC}: a function, naming its prototype. */
    public static final int KIND_FUNC = 12;
    /** {@code BTF_KIND_FUNC_PROTO}: a function's return and parameter types. */
    public static final int KIND_FUNC_PROTO = 13;
    /** {@code BTF_KIND_VAR}: a global variable, such as a map definition in {@code .maps}. */
    public static final int KIND_VAR = 14;
    /** {@code BTF_KIND_DATASEC}: an ELF data section and the variables in it. */
    public static final int KIND_DATASEC = 15;
    /** {@code BTF_VAR_GLOBAL_ALLOCATED}: the linkage of a variable defined in this object. */
    public static final int VAR_GLOBAL_ALLOCATED = 1;
    /** {@code BTF_FUNC_GLOBAL}: the linkage of a function visible outside its file. */
    public static final int FUNC_GLOBAL = 1;

    /** A struct member: its name, its type id and its offset from the struct's start in bits. */
    public record Member(String name, int type, int bitOffset) {}

    /** A function parameter: its name and type id. */
    public record Param(String name, int type) {}

    /** A variable of a data section: its {@code KIND_VAR} type id, and its byte offset and size in the section. */
    public record SectionVar(int type, int offset, int size) {}

    private final ByteArrayOutputStream types = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();
    private int nextId = 1;

    /** An empty blob whose string section holds only the empty string at offset 0. */
    public BtfBuilder() {
        strings.write(0);
        stringOffsets.put("", 0);
    }

    /** Adds an integer type of {@code bytes} bytes ({@code BTF_INT_SIGNED} when {@code signed}); returns its id. */
    public int addInt(String name, int bytes, boolean signed) {
        int id = header(name, KIND_INT, 0, bytes);
        u32((signed ? 1 : 0) << 24 | bytes * 8);
        return id;
    }

    /** Adds a pointer to type {@code target}; returns its id. */
    public int addPointer(int target) {
        return header("", KIND_PTR, 0, target);
    }

    /**
     * Adds an array of {@code count} elements of type {@code element}, indexed by type {@code index};
     * returns its id.
     */
    public int addArray(int element, int index, int count) {
        int id = header("", KIND_ARRAY, 0, 0);
        u32(element);
        u32(index);
        u32(count);
        return id;
    }

    /** Adds a struct of {@code size} bytes with {@code members}; returns its id. */
    public int addStruct(String name, int size, List<Member> members) {
        int id = header(name, KIND_STRUCT, members.size(), size);
        for (Member m : members) {
            u32(string(m.name()));
            u32(m.type());
            u32(m.bitOffset());
        }
        return id;
    }

    /** Adds a global allocated variable of type {@code type}; returns its id. */
    public int addVar(String name, int type) {
        int id = header(name, KIND_VAR, 0, type);
        u32(VAR_GLOBAL_ALLOCATED);
        return id;
    }

    /** Adds data section {@code name} of {@code size} bytes holding {@code vars}; returns its id. */
    public int addDataSection(String name, int size, List<SectionVar> vars) {
        int id = header(name, KIND_DATASEC, vars.size(), size);
        for (SectionVar v : vars) {
            u32(v.type());
            u32(v.offset());
            u32(v.size());
        }
        return id;
    }

    /** Adds a prototype returning {@code returnType} (0 for void) with {@code params}; returns its id. */
    public int addFunctionPrototype(int returnType, List<Param> params) {
        int id = header("", KIND_FUNC_PROTO, params.size(), returnType);
        for (Param p : params) {
            u32(string(p.name()));
            u32(p.type());
        }
        return id;
    }

    /** Adds global function {@code name} of prototype type {@code prototype}; returns its id. */
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

    /** The blob: header (magic 0xeB9F, version 1, little-endian), the types, then the strings. */
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
