package dev.sluice.compiler.interp;

/**
 * Arithmetic and comparisons as the kernel defines them: 32-bit results zero-extend, division by
 * zero gives 0, modulo by zero leaves the dividend (its low 32 bits for 32-bit operations), shift
 * amounts are masked to the width, signed division of the minimum by -1 wraps.
 */
final class Alu {
    private Alu() {}

    static long alu64(int op, int off, long dst, long src) {
        switch (op) {
            case 0x00: return dst + src;
            case 0x10: return dst - src;
            case 0x20: return dst * src;
            case 0x30:
                if (src == 0) return 0;
                return off == 1 ? dst / src : Long.divideUnsigned(dst, src);
            case 0x40: return dst | src;
            case 0x50: return dst & src;
            case 0x60: return dst << (src & 63);
            case 0x70: return dst >>> (src & 63);
            case 0x80: return -dst;
            case 0x90:
                if (src == 0) return dst;
                return off == 1 ? dst % src : Long.remainderUnsigned(dst, src);
            case 0xa0: return dst ^ src;
            case 0xb0:
                switch (off) {
                    case 8: return (byte) src;
                    case 16: return (short) src;
                    case 32: return (int) src;
                    default: return src;
                }
            case 0xc0: return dst >> (src & 63);
            default: throw new MemoryFault(String.format("unknown ALU64 operation 0x%02x", op));
        }
    }

    static long alu32(int op, int off, int dst, int src) {
        int v;
        switch (op) {
            case 0x00: v = dst + src; break;
            case 0x10: v = dst - src; break;
            case 0x20: v = dst * src; break;
            case 0x30:
                v = src == 0 ? 0 : off == 1 ? dst / src : Integer.divideUnsigned(dst, src);
                break;
            case 0x40: v = dst | src; break;
            case 0x50: v = dst & src; break;
            case 0x60: v = dst << (src & 31); break;
            case 0x70: v = dst >>> (src & 31); break;
            case 0x80: v = -dst; break;
            case 0x90:
                v = src == 0 ? dst : off == 1 ? dst % src : Integer.remainderUnsigned(dst, src);
                break;
            case 0xa0: v = dst ^ src; break;
            case 0xb0:
                v = off == 8 ? (byte) src : off == 16 ? (short) src : src;
                break;
            case 0xc0: v = dst >> (src & 31); break;
            default: throw new MemoryFault(String.format("unknown ALU operation 0x%02x", op));
        }
        return v & 0xffffffffL;
    }

    static boolean compare64(int op, long a, long b) {
        switch (op) {
            case 0x10: return a == b;
            case 0x20: return Long.compareUnsigned(a, b) > 0;
            case 0x30: return Long.compareUnsigned(a, b) >= 0;
            case 0x40: return (a & b) != 0;
            case 0x50: return a != b;
            case 0x60: return a > b;
            case 0x70: return a >= b;
            case 0xa0: return Long.compareUnsigned(a, b) < 0;
            case 0xb0: return Long.compareUnsigned(a, b) <= 0;
            case 0xc0: return a < b;
            case 0xd0: return a <= b;
            default: throw new MemoryFault(String.format("unknown jump operation 0x%02x", op));
        }
    }

    static boolean compare32(int op, int a, int b) {
        switch (op) {
            case 0x10: return a == b;
            case 0x20: return Integer.compareUnsigned(a, b) > 0;
            case 0x30: return Integer.compareUnsigned(a, b) >= 0;
            case 0x40: return (a & b) != 0;
            case 0x50: return a != b;
            case 0x60: return a > b;
            case 0x70: return a >= b;
            case 0xa0: return Integer.compareUnsigned(a, b) < 0;
            case 0xb0: return Integer.compareUnsigned(a, b) <= 0;
            case 0xc0: return a < b;
            case 0xd0: return a <= b;
            default: throw new MemoryFault(String.format("unknown jump operation 0x%02x", op));
        }
    }
}
