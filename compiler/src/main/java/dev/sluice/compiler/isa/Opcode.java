package dev.sluice.compiler.isa;

/** The bit fields of the opcode byte (RFC 9669 section 3). */
public final class Opcode {
    private Opcode() {}

    /** The instruction class: the low 3 bits of the opcode byte. */
    public static final int CLASS_MASK = 0x07;
    /**
     * {@code BPF_LD}: the 64-bit immediate load ({@code IMM}) and the legacy packet loads ({@code ABS},
     * {@code IND}).
     */
    public static final int LD = 0x00;
    /** {@code BPF_LDX}: load from memory into {@code dst}. */
    public static final int LDX = 0x01;
    /** {@code BPF_ST}: store of the 32-bit immediate to memory. */
    public static final int ST = 0x02;
    /** {@code BPF_STX}: store of {@code src} to memory, and the atomic operations. */
    public static final int STX = 0x03;
    /** {@code BPF_ALU}: 32-bit arithmetic; the result is zero-extended into the 64-bit register. */
    public static final int ALU = 0x04;
    /** {@code BPF_JMP}: jumps comparing 64 bits, and call and exit. */
    public static final int JMP = 0x05;
    /** {@code BPF_JMP32}: jumps comparing the low 32 bits; with {@code JA}, the {@code gotol} of ISA v4. */
    public static final int JMP32 = 0x06;
    /** {@code BPF_ALU64}: 64-bit arithmetic. */
    public static final int ALU64 = 0x07;

    /** The access width of a load or store (see {@link Size#code()}). */
    public static final int SIZE_MASK = 0x18;
    /** The addressing mode of a load or store: the top 3 bits. */
    public static final int MODE_MASK = 0xe0;
    /** {@code BPF_IMM}: with {@code LD} and {@code DW}, the two-slot 64-bit immediate load. */
    public static final int IMM = 0x00;
    /** {@code BPF_ABS}: legacy packet load at the absolute offset {@code imm}. */
    public static final int ABS = 0x20;
    /** {@code BPF_IND}: legacy packet load at offset {@code src + imm}. */
    public static final int IND = 0x40;
    /** {@code BPF_MEM}: plain load or store at {@code reg + offset}. */
    public static final int MEM = 0x60;
    /** {@code BPF_MEMSX} (ISA v4): sign-extending load. */
    public static final int MEMSX = 0x80;
    /** {@code BPF_ATOMIC}: with {@code STX}, an atomic operation chosen by the immediate ({@link AtomicOp}). */
    public static final int ATOMIC = 0xc0;

    /** The source bit of ALU and jump opcodes. */
    public static final int SOURCE_MASK = 0x08;
    /** {@code BPF_K}: the source operand is the 32-bit immediate; for {@code END}, convert to little-endian. */
    public static final int K = 0x00;
    /** {@code BPF_X}: the source operand is the {@code src} register; for {@code END}, convert to big-endian. */
    public static final int X = 0x08;

    /** The operation of an ALU or jump opcode, the top 4 bits ({@link AluOp#code()}, {@link JumpOp#code()}). */
    public static final int OP_MASK = 0xf0;
    /** {@code BPF_END}: byte order conversion ({@link Instruction.ByteSwap}). */
    public static final int END = 0xd0;
    /** {@code BPF_JA}: unconditional jump. */
    public static final int JA = 0x00;
    /** {@code BPF_CALL}: call of a helper, a bpf-to-bpf function or a kfunc ({@link CallKind}). */
    public static final int CALL = 0x80;
    /** {@code BPF_EXIT}: return from the program or function, with the result in r0. */
    public static final int EXIT = 0x90;

    /** The class bits of opcode byte {@code code}: one of {@code LD} to {@code ALU64}. */
    public static int cls(int code) {
        return code & CLASS_MASK;
    }
}
