package dev.sluice.compiler.isa;

/** Width of a memory access, with its opcode size bits. */
public enum Size {
    /** {@code BPF_W}: a 4-byte word. */
    W(4, 0x00, "u32"),
    /** {@code BPF_H}: a 2-byte half word. */
    H(2, 0x08, "u16"),
    /** {@code BPF_B}: one byte. */
    B(1, 0x10, "u8"),
    /** {@code BPF_DW}: an 8-byte double word. */
    DW(8, 0x18, "u64");

    private final int bytes;
    private final int bits;
    private final String cType;

    Size(int bytes, int bits, String cType) {
        this.bytes = bytes;
        this.bits = bits;
        this.cType = cType;
    }

    /** The access width in bytes: 1, 2, 4 or 8. */
    public int bytes() {
        return bytes;
    }

    /** The size field as it sits in the opcode byte. */
    public int code() {
        return bits;
    }

    /** The unsigned C type the kernel prints for this width, {@code u32}. */
    public String unsignedType() {
        return cType;
    }

    /** The signed C type the kernel prints for sign-extending loads, {@code s32}. */
    public String signedType() {
        return "s" + cType.substring(1);
    }

    /** The width these opcode size bits select; IllegalArgumentException for bits that are not a size. */
    public static Size ofCode(int sizeBits) {
        for (Size s : values()) {
            if (s.bits == sizeBits) return s;
        }
        throw new IllegalArgumentException("bad size bits " + sizeBits);
    }

    /** The width of {@code bytes} (1, 2, 4 or 8); IllegalArgumentException for any other count. */
    public static Size ofBytes(int bytes) {
        for (Size s : values()) {
            if (s.bytes == bytes) return s;
        }
        throw new IllegalArgumentException("no access of " + bytes + " bytes");
    }
}
