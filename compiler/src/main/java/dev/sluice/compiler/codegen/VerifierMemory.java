package dev.sluice.compiler.codegen;

import static dev.sluice.compiler.codegen.VerifierState.STACK;
import static dev.sluice.compiler.codegen.VerifierState.read;

import dev.sluice.compiler.codegen.VerifierState.Kind;
import dev.sluice.compiler.codegen.VerifierState.Reg;
import dev.sluice.compiler.codegen.VerifierState.Reject;
import dev.sluice.compiler.codegen.VerifierState.State;
import dev.sluice.compiler.hooks.ContextAccess;
import dev.sluice.compiler.isa.Instruction;
import dev.sluice.compiler.isa.Register;

/**
 * {@link VerifierModel}'s memory rules: loads, stores and atomic accesses checked against the
 * stack frame and its initialised bytes, the proven packet range, and map values checked against
 * null; spills; and what each helper the compiler calls reads and writes.
 */
final class VerifierMemory {
    private VerifierMemory() {}

    /** A load: from the context (the packet pointers where {@code access} keeps them), or checked memory. */
    static void load(Instruction.Load l, State s, ContextAccess access) {
        Reg base = read(s, l.src());
        int size = l.size().bytes();
        if (base.kind() == Kind.CTX) {
            long at = base.off() + l.offset();
            if (access.data() >= 0 && at == access.data()) {
                s.regs[l.dst().ordinal()] = new Reg(Kind.PKT, 0, 0, null);
            } else if (access.dataEnd() >= 0 && at == access.dataEnd()) {
                s.regs[l.dst().ordinal()] = new Reg(Kind.PKT_END, 0, 0, null);
            } else {
                s.regs[l.dst().ordinal()] = Reg.UNKNOWN;
            }
            return;
        }
        access(s, base, l.offset(), size, false);
        Reg spilled = base.kind() == Kind.STACK && size == 8 ? s.spills.get((int) (base.off() + l.offset())) : null;
        s.regs[l.dst().ordinal()] = spilled != null ? spilled : Reg.UNKNOWN;
    }

    static void store(State s, Reg base, int offset, int size, Reg value) {
        if (value.kind() != Kind.SCALAR && !(base.kind() == Kind.STACK && size == 8)) {
            throw new Reject("a pointer stored anywhere but a whole stack slot");
        }
        if (base.kind() == Kind.CTX) throw new Reject("a store into the context");
        access(s, base, offset, size, true);
        if (base.kind() == Kind.STACK) {
            int at = (int) (base.off() + offset);
            s.stackInit.set(STACK + at, STACK + at + size);
            s.spills.keySet().removeIf(k -> k < at + size && k + 8 > at);
            if (size == 8 && value.kind() != Kind.SCALAR) s.spills.put(at, value);
            else if (size == 8 && value.value() != null) s.spills.put(at, value);
        }
    }

    /** Checks a memory access of {@code size} bytes at {@code base + offset}. */
    static void access(State s, Reg base, long offset, int size, boolean write) {
        long at = base.off() + offset;
        switch (base.kind()) {
            case STACK:
                if (at < -STACK || at + size > 0) throw new Reject("stack access at " + at + " outside the 512-byte frame");
                if (!write) {
                    for (long b = at; b < at + size; b++) {
                        if (!s.stackInit.get((int) (STACK + b))) throw new Reject("stack byte " + b + " is read before it is written");
                    }
                }
                return;
            case PKT:
                long range = s.ranges.getOrDefault(base.id(), 0L);
                if (at < 0 || at + size > range) {
                    throw new Reject("packet access at +" + at + " of " + size + " bytes, but only " + range + " bytes are proven");
                }
                return;
            case MAP_VALUE:
                return;
            case MAP_VALUE_OR_NULL:
                throw new Reject("a map value is used before it is checked against null");
            default:
                throw new Reject("memory access through a " + base.kind().name().toLowerCase() + " register");
        }
    }

    /** A helper call: its arguments checked, r1-r5 clobbered, r0 its result (a map value or null for lookups). */
    static void call(int helper, State s) {
        Reg result = Reg.UNKNOWN;
        switch (helper) {
            case 1: // map_lookup_elem(map, key)
                if (read(s, Register.R1).kind() != Kind.MAP) throw new Reject("map_lookup_elem without a map in r1");
                stackPointer(s, Register.R2, "the key");
                result = new Reg(Kind.MAP_VALUE_OR_NULL, 0, s.regs[1].id(), null);
                break;
            case 2: // map_update_elem(map, key, value, flags)
                if (read(s, Register.R1).kind() != Kind.MAP) throw new Reject("map_update_elem without a map in r1");
                stackPointer(s, Register.R2, "the key");
                read(s, Register.R3);
                break;
            case 16: // get_current_comm(buf, size)
            case 114: // probe_read_user_str(dst, size, src)
            case 115: // probe_read_kernel_str(dst, size, src)
            case 112: // probe_read_user(dst, size, src)
            case 113: // probe_read_kernel(dst, size, src)
                written(s, Register.R1, Register.R2);
                break;
            case 26: // skb_load_bytes(skb, offset, to, len)
            case 68: // skb_load_bytes_relative(skb, offset, to, len, header)
                written(s, Register.R3, Register.R4);
                break;
            case 131: // ringbuf_reserve(map, size, flags)
                result = new Reg(Kind.MAP_VALUE_OR_NULL, 0, -131, null);
                break;
            default:
                break;
        }
        for (int r = 1; r <= 5; r++) s.regs[r] = Reg.UNINIT;
        s.regs[0] = result;
    }

    private static void stackPointer(State s, Register r, String what) {
        Reg v = read(s, r);
        if (v.kind() != Kind.STACK && v.kind() != Kind.MAP_VALUE) throw new Reject(what + " in " + r.name().toLowerCase() + " is not on the stack");
    }

    /** A helper writes {@code size} bytes at a stack buffer: they count as initialised after it. */
    private static void written(State s, Register buffer, Register size) {
        Reg at = read(s, buffer);
        Reg n = read(s, size);
        if (at.kind() != Kind.STACK) return;
        if (n.value() == null) throw new Reject("a helper writes a stack buffer of unknown size");
        long from = at.off(), to = at.off() + n.value();
        if (from < -STACK || to > 0) throw new Reject("a helper's stack buffer lies outside the frame");
        s.stackInit.set((int) (STACK + from), (int) (STACK + to));
        s.spills.keySet().removeIf(k -> k < to && k + 8 > from);
    }
}
