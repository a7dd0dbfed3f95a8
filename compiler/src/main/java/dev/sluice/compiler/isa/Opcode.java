package dev.sluice.compiler.isa;

/** The bit fields of the opcode byte (RFC 9669 section 3). */
public final class Opcode {
    private Opcode() {}

    public static final int CLASS_MASK = 0x07;
    public static final int LD = 0x00;
    public static final int LDX = 0x01;
    public static final int ST = 0x02;
    public static final int STX = 0x03;
    public static final int ALU = 0x04;
    public static final int JMP = 0x05;
    public static final int JMP32 = 0x06;
    public static final int ALU64 = 0x07;

    public static final int SIZE_MASK = 0x18;
    public static final int MODE_MASK = 0xe0;
    public static final int IMM = 0x00;
    public static final int ABS = 0x20;
    public static final int IND = 0x40;
    public static final int MEM = 0x60;
    public static final int MEMSX = 0x80;
    public static final int ATOMIC = 0xc0;

    public static final int SOURCE_MASK = 0x08;
    public static final int K = 0x00;
    public static final int X = 0x08;

    public static final int OP_MASK = 0xf0;
    public static final int END = 0xd0;
    public static final int JA = 0x00;
    public static final int CALL = 0x80;
    public static final int EXIT = 0x90;

    public static int cls(int code) {
        return code & CLASS_MASK;
    }
}
