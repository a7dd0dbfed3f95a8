package dev.sluice.compiler.trace;

/**
 * Where kprobe and uprobe programs find arguments and the return value in their context
 * ({@code struct pt_regs} on x86_64, {@code user_pt_regs} on arm64; docs/KERNEL.md, "Contexts").
 */
public enum PtRegs {
    /** di, si, dx, cx, r8, r9; ax; ip; sp (168 bytes). */
    X86_64(new int[] {112, 104, 96, 88, 72, 64}, 80, 128, 152, 168),
    /** regs[0..7] at 8*i; the return value in regs[0]; pc 256; sp 248 (272 bytes). */
    ARM64(new int[] {0, 8, 16, 24, 32, 40, 48, 56}, 0, 256, 248, 272);

    private final int[] arguments;
    private final int returnValue;
    private final int instructionPointer;
    private final int stackPointer;
    private final int size;

    PtRegs(int[] arguments, int returnValue, int instructionPointer, int stackPointer, int size) {
        this.arguments = arguments;
        this.returnValue = returnValue;
        this.instructionPointer = instructionPointer;
        this.stackPointer = stackPointer;
        this.size = size;
    }

    /** The machine Sluice runs on, for the default target. */
    public static PtRegs host() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("aarch64") ? ARM64 : X86_64;
    }

    /** The context offset of argument {@code index} (0 to 5); IllegalArgumentException outside that range. */
    public int argument(int index) {
        if (index < 0 || index >= Math.min(6, arguments.length)) {
            throw new IllegalArgumentException("arg" + index + " is not one of arg0..arg5");
        }
        return arguments[index];
    }

    /** The context offset of the return value at a return probe. */
    public int returnValue() {
        return returnValue;
    }

    /** The context offset of the instruction pointer (pc). */
    public int instructionPointer() {
        return instructionPointer;
    }

    /** The context offset of the stack pointer. */
    public int stackPointer() {
        return stackPointer;
    }

    /** The size of the register structure in bytes. */
    public int size() {
        return size;
    }
}
