package dev.sluice.compiler.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a {@code .BTF} blob far enough to describe BTF-defined maps: every type's kind, name, size
 * or referenced type, array length, struct members, and DATASEC variables. Kinds it does not need
 * are skipped by their documented lengths.
 */
public final class BtfTypes {
    /** A struct or union member: its name, its type id and its offset from the start in bits. */
    public record Member(String name, int type, int bitOffset) {}

    /** A variable of a DATASEC: its VAR type id, and its byte offset and size in the section. */
    public record SectionVar(int type, int offset, int size) {}

    /** One type; fields that do not apply to its kind are 0 or empty. */
    public record Type(int id, int kind, String name, int sizeOrType, int vlen, int arrayElement, int arrayLength,
                       List<Member> members, List<SectionVar> vars) {}

    private final List<Type> types;

    private BtfTypes(List<Type> types) {
        this.types = types;
    }

    /**
     * The types of {@code blob} (little-endian, magic 0xeB9F); ElfFormatException when it is malformed
     * or cut short.
     */
    public static BtfTypes read(byte[] blob) {
        ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        if (blob.length < 24 || (in.getShort(0) & 0xffff) != 0xeB9F) throw new ElfFormatException(0, "not a BTF blob (bad magic)");
        int headerLength = in.getInt(4);
        int typeOff = in.getInt(8);
        int typeLen = in.getInt(12);
        int strOff = in.getInt(16);
        int strLen = in.getInt(20);
        long typesStart = (long) headerLength + typeOff;
        long stringsStart = (long) headerLength + strOff;
        if (typeOff < 0 || typeLen < 0 || strOff < 0 || strLen < 0 || typesStart + typeLen > blob.length
                || stringsStart + strLen > blob.length) {
            throw new ElfFormatException(8, "BTF sections lie outside the blob");
        }
        List<Type> types = new ArrayList<>();
        types.add(new Type(0, 0, "void", 0, 0, 0, 0, List.of(), List.of()));
        int at = (int) typesStart;
        int end = (int) (typesStart + typeLen);
        while (at < end) {
            if (at + 12 > end) throw new ElfFormatException(at, "truncated BTF type");
            String name = string(blob, (int) stringsStart, strLen, in.getInt(at));
            int info = in.getInt(at + 4);
            int kind = (info >>> 24) & 0x1f;
            int vlen = info & 0xffff;
            int sizeOrType = in.getInt(at + 8);
            int body = at + 12;
            int element = 0;
            int length = 0;
            List<Member> members = List.of();
            List<SectionVar> vars = List.of();
            int extra;
            switch (kind) {
                case 1: case 14: case 17: extra = 4; break; // INT, VAR, DECL_TAG
                case 3: // ARRAY
                    extra = 12;
                    check(body + extra, end, body);
                    element = in.getInt(body);
                    length = in.getInt(body + 8);
                    break;
                case 4: case 5: { // STRUCT, UNION
                    extra = 12 * vlen;
                    check(body + extra, end, body);
                    List<Member> m = new ArrayList<>(vlen);
                    for (int i = 0; i < vlen; i++) {
                        int mAt = body + 12 * i;
                        int offset = in.getInt(mAt + 8);
                        m.add(new Member(string(blob, (int) stringsStart, strLen, in.getInt(mAt)), in.getInt(mAt + 4),
                                (info & 0x80000000) != 0 ? offset & 0xffffff : offset));
                    }
                    members = m;
                    break;
                }
                case 6: extra = 8 * vlen; break; // ENUM
                case 13: extra = 8 * vlen; break; // FUNC_PROTO
                case 15: { // DATASEC
                    extra = 12 * vlen;
                    check(body + extra, end, body);
                    List<SectionVar> v = new ArrayList<>(vlen);
                    for (int i = 0; i < vlen; i++) {
                        int vAt = body + 12 * i;
                        v.add(new SectionVar(in.getInt(vAt), in.getInt(vAt + 4), in.getInt(vAt + 8)));
                    }
                    vars = v;
                    break;
                }
                case 19: extra = 12 * vlen; break; // ENUM64
                case 2: case 7: case 8: case 9: case 10: case 11: case 12: case 16: case 18: extra = 0; break;
                default: throw new ElfFormatException(at, "unknown BTF kind " + kind);
            }
            check(body + extra, end, at);
            types.add(new Type(types.size(), kind, name, sizeOrType, vlen, element, length, members, vars));
            at = body + extra;
        }
        return new BtfTypes(types);
    }

    private static void check(int needed, int end, int at) {
        if (needed > end) throw new ElfFormatException(at, "truncated BTF type data");
    }

    private static String string(byte[] blob, int start, int length, int offset) {
        if (offset < 0 || offset >= length && !(offset == 0)) throw new ElfFormatException(start, "BTF name offset " + offset + " out of range");
        int from = start + offset;
        int to = from;
        while (to < start + length && blob[to] != 0) to++;
        return new String(blob, from, to - from, StandardCharsets.UTF_8);
    }

    /** The number of type ids, void (id 0) included: ids run from 0 to {@code count() - 1}. */
    public int count() {
        return types.size();
    }

    /** Type {@code id} (0 is void); ElfFormatException when the id is out of range. */
    public Type get(int id) {
        if (id < 0 || id >= types.size()) throw new ElfFormatException(0, "BTF type id " + id + " out of range");
        return types.get(id);
    }

    /** The DATASEC type describing ELF section {@code name}, such as {@code .maps}. */
    public Optional<Type> dataSection(String name) {
        return types.stream().filter(t -> t.kind() == 15 && t.name().equals(name)).findFirst();
    }

    /** Follows typedefs and qualifiers (volatile, const, restrict, type tags). */
    public Type resolve(int id) {
        Type t = get(id);
        for (int hops = 0; hops < 32 && (t.kind() == 8 || t.kind() == 9 || t.kind() == 10 || t.kind() == 11
                || t.kind() == 18); hops++) {
            t = get(t.sizeOrType());
        }
        return t;
    }

    /** The byte size of a type (pointers are 8). */
    public int sizeOf(int id) {
        Type t = resolve(id);
        switch (t.kind()) {
            case 1: case 4: case 5: case 6: case 15: case 16: case 19: return t.sizeOrType();
            case 2: return 8;
            case 3: return t.arrayLength() * sizeOf(t.arrayElement());
            default: throw new ElfFormatException(0, "BTF type " + id + " (kind " + t.kind() + ") has no size");
        }
    }
}
