package dev.sluice.compiler.interp;

import dev.sluice.compiler.hooks.ProgramKind;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** One execution: registers, frames, memory and helper state. */
final class Run {
    private static final int STACK_SIZE = 512;
    private static final int MAX_FRAMES = 8;
    private static final long CLOBBERED = 0xbad0_bad0_bad0_bad0L;

    private final DecodedProgram p;
    private final Context context;
    private final Environment env;
    private final ProgramKind kind;
    private final Memory memory = new Memory();
    private final long[] r = new long[11];
    private final Region contextRegion;
    private final Region packet;
    private final Region[] mapRegions;
    private final Map<byte[], Region> valueRegions = new IdentityHashMap<>();
    private final HelperCalls helpers;

    private final int[] returnPc = new int[MAX_FRAMES];
    private final long[][] saved = new long[MAX_FRAMES][5];
    private int depth;

    Run(DecodedProgram program, Context context, Environment env) {
        this.p = program;
        this.context = context;
        this.env = env;
        this.kind = context.kind();
        if (context instanceof Context.Xdp x) {
            packet = memory.add(Region.Kind.PACKET, x.packet().clone(), true, null);
            contextRegion = memory.add(Region.Kind.CONTEXT, new byte[24], false, null);
        } else if (context instanceof Context.Skb s) {
            packet = memory.add(Region.Kind.PACKET, s.packet().clone(), kind == ProgramKind.SCHED_CLS, null);
            contextRegion = memory.add(Region.Kind.CONTEXT, s.fields().clone(), false, null);
        } else {
            packet = null;
            contextRegion = memory.add(Region.Kind.CONTEXT, ((Context.Raw) context).bytes().clone(), false, null);
        }
        mapRegions = new Region[p.maps.size()];
        for (int i = 0; i < mapRegions.length; i++) {
            mapRegions[i] = memory.add(Region.Kind.MAP, new byte[0], false, p.maps.get(i));
        }
        helpers = new HelperCalls(memory, r, env, kind, contextRegion, packet, this::regionFor);
    }

    RunResult execute() {
        Region stack = memory.add(Region.Kind.STACK, new byte[STACK_SIZE], true, null);
        r[1] = contextRegion.base();
        r[10] = stack.address(STACK_SIZE);
        final int[] opcode = p.opcode, dst = p.dst, src = p.src, offset = p.offset, imm = p.imm;
        final long budget = env.instructionBudget();
        long executed = 0;
        int pc = 0;
        while (true) {
            if (pc < 0 || pc >= p.slots || p.instructionAt[pc] < 0) {
                throw new InterpreterException(pc, p.describe(pc), "jump to an invalid instruction");
            }
            if (++executed > budget) {
                throw new InterpreterException(pc, p.describe(pc), "instruction budget of " + budget + " exhausted");
            }
            int op = opcode[pc];
            int d = dst[pc];
            int s = src[pc];
            try {
                switch (op & 0x07) {
                    case 0x07: // ALU64
                        if ((op & 0xf0) == 0xd0) {
                            r[d] = swap(r[d], imm[pc], true);
                        } else {
                            checkWritable(d);
                            r[d] = Alu.alu64(op & 0xf0, offset[pc], r[d], (op & 0x08) != 0 ? r[s] : imm[pc]);
                        }
                        pc++;
                        break;
                    case 0x04: // ALU
                        checkWritable(d);
                        if ((op & 0xf0) == 0xd0) {
                            r[d] = swap(r[d], imm[pc], (op & 0x08) != 0);
                        } else {
                            r[d] = Alu.alu32(op & 0xf0, offset[pc], (int) r[d], (op & 0x08) != 0 ? (int) r[s] : imm[pc]);
                        }
                        pc++;
                        break;
                    case 0x05: // JMP
                    case 0x06: { // JMP32
                        int jop = op & 0xf0;
                        boolean jmp32 = (op & 0x07) == 0x06;
                        if (jop == 0x00) {
                            pc += 1 + (jmp32 ? imm[pc] : offset[pc]);
                        } else if (jop == 0x90) {
                            if (depth == 0) return result(executed);
                            pc = leave();
                        } else if (jop == 0x80) {
                            if (s == 1) {
                                pc = enter(pc, pc + 1 + imm[pc]);
                            } else {
                                call(imm[pc]);
                                pc++;
                            }
                        } else {
                            long right = (op & 0x08) != 0 ? r[s] : (long) imm[pc];
                            boolean taken = jmp32 ? Alu.compare32(jop, (int) r[d], (int) right)
                                    : Alu.compare64(jop, r[d], right);
                            pc += taken ? 1 + offset[pc] : 1;
                        }
                        break;
                    }
                    case 0x01: { // LDX
                        int size = sizeOf(op);
                        long value = load(r[s] + offset[pc], size, s);
                        if ((op & 0xe0) == 0x80) value = signExtend(value, size);
                        checkWritable(d);
                        r[d] = value;
                        pc++;
                        break;
                    }
                    case 0x02: // ST
                        store(r[d] + offset[pc], sizeOf(op), imm[pc], d);
                        pc++;
                        break;
                    case 0x03: // STX
                        if ((op & 0xe0) == 0xc0) {
                            atomic(op, r[d] + offset[pc], s, imm[pc]);
                        } else {
                            store(r[d] + offset[pc], sizeOf(op), r[s], d);
                        }
                        pc++;
                        break;
                    default: { // LD
                        if (op == 0x18) {
                            r[d] = wideLoad(pc);
                            pc += 2;
                        } else {
                            if (!kind.allowsLegacyPacketLoads()) {
                                throw new MemoryFault("LD_ABS/LD_IND are not allowed in " + kind + " programs");
                            }
                            if (r[6] != contextRegion.base()) throw new MemoryFault("LD_ABS/LD_IND need the context in r6");
                            long at = (op & 0xe0) == 0x40 ? (long) (int) r[s] + imm[pc] : imm[pc];
                            int size = sizeOf(op);
                            clobberArguments();
                            if (at < 0 || at + size > packet.data.length) {
                                r[0] = 0;
                                return result(executed);
                            }
                            long v = 0;
                            for (int i = 0; i < size; i++) v = v << 8 | (packet.data[(int) at + i] & 0xff);
                            r[0] = v;
                            pc++;
                        }
                        break;
                    }
                }
            } catch (MemoryFault f) {
                throw new InterpreterException(pc, p.describe(pc), f.getMessage());
            }
        }
    }

    private RunResult result(long executed) {
        byte[] out = packet == null ? new byte[0] : packet.data.clone();
        return new RunResult(r[0], executed, out, helpers.redirect(), helpers.printk());
    }

    private void checkWritable(int d) {
        if (d == 10) throw new MemoryFault("frame pointer is read only");
    }

    private static int sizeOf(int op) {
        switch (op & 0x18) {
            case 0x00: return 4;
            case 0x08: return 2;
            case 0x10: return 1;
            default: return 8;
        }
    }

    private static long signExtend(long v, int size) {
        switch (size) {
            case 1: return (byte) v;
            case 2: return (short) v;
            case 4: return (int) v;
            default: return v;
        }
    }

    /** TO_LE (no swap on this little-endian model), TO_BE and v4 BSWAP: the low {@code bits}, swapped or not, zero-extended. */
    private static long swap(long v, int bits, boolean doSwap) {
        switch (bits) {
            case 16: return doSwap ? Short.reverseBytes((short) v) & 0xffffL : v & 0xffffL;
            case 32: return doSwap ? Integer.reverseBytes((int) v) & 0xffffffffL : v & 0xffffffffL;
            default: return doSwap ? Long.reverseBytes(v) : v;
        }
    }

    private long wideLoad(int pc) {
        long value = p.wideImm[pc];
        int pseudo = p.src[pc];
        switch (pseudo) {
            case 0:
                return value;
            case 1:
                return mapRegion((int) value).base();
            case 2: {
                Region map = mapRegion((int) value);
                InterpMap m = (InterpMap) map.owner;
                byte[] v = m.lookup(new byte[m.spec().keySize()]);
                if (v == null) throw new MemoryFault("map value load from a map without key 0");
                return regionFor(v).address((int) (value >>> 32));
            }
            default:
                throw new MemoryFault("64-bit load with pseudo source " + pseudo + " is not supported by the interpreter");
        }
    }

    private Region mapRegion(int index) {
        if (index < 0 || index >= mapRegions.length) {
            throw new MemoryFault("map #" + index + " does not exist (" + mapRegions.length + " maps)");
        }
        return mapRegions[index];
    }

    private Region regionFor(byte[] value) {
        return valueRegions.computeIfAbsent(value, v -> memory.add(Region.Kind.MAP_VALUE, v, true, null));
    }

    private long load(long address, int size, int baseRegister) {
        Region region = memory.regionOf(address);
        if (region == contextRegion) return contextLoad(Memory.offsetIn(address), size);
        return memory.load(address, size);
    }

    private void store(long address, int size, long value, int baseRegister) {
        Region region = memory.regionOf(address);
        if (region == contextRegion) {
            contextStore(Memory.offsetIn(address), size, value);
            return;
        }
        memory.store(address, size, value);
    }

    private long contextLoad(long off, int size) {
        if (off < 0 || off + size > contextRegion.data.length) {
            throw new MemoryFault("invalid bpf_context access off=" + off + " size=" + size);
        }
        int o = (int) off;
        if (context instanceof Context.Xdp x) {
            if (size != 4 || o % 4 != 0 || o > 16) throw new MemoryFault("invalid bpf_context access off=" + o + " size=" + size);
            switch (o) {
                case 0: case 8: return packet.base();
                case 4: return packet.address(packet.data.length);
                case 12: return x.ingressIfindex() & 0xffffffffL;
                default: return x.rxQueueIndex() & 0xffffffffL;
            }
        }
        if (context instanceof Context.Skb) {
            SkbFields.Field f = SkbFields.at(o, size);
            if (f == null || !f.read().contains(kind) || o % size != 0) {
                throw new MemoryFault("invalid bpf_context access off=" + o + " size=" + size);
            }
            if (o == SkbFields.DATA || o == SkbFields.DATA_META || o == SkbFields.DATA_END) {
                if (size != 4) throw new MemoryFault("invalid bpf_context access off=" + o + " size=" + size);
                return o == SkbFields.DATA_END ? packet.address(packet.data.length) : packet.base();
            }
            return Memory.read(contextRegion.data, o, size);
        }
        return Memory.read(contextRegion.data, o, size);
    }

    private void contextStore(long off, int size, long value) {
        int o = (int) off;
        SkbFields.Field f = context instanceof Context.Skb ? SkbFields.at(o, size) : null;
        if (f == null || !f.write().contains(kind) || o % size != 0) {
            throw new MemoryFault("invalid bpf_context write off=" + off + " size=" + size);
        }
        Memory.write(contextRegion.data, o, size, value);
    }

    private void atomic(int op, long address, int s, int operation) {
        int size = (op & 0x18) == 0x18 ? 8 : 4;
        Region region = memory.resolve(address, size, true);
        if (region.kind == Region.Kind.CONTEXT || region.kind == Region.Kind.PACKET) {
            throw new MemoryFault("atomic operation on " + region.kind.label);
        }
        long old = memory.load(address, size);
        long operand = size == 8 ? r[s] : r[s] & 0xffffffffL;
        long result;
        switch (operation & ~0x01) {
            case 0x00: result = old + operand; break;
            case 0x40: result = old | operand; break;
            case 0x50: result = old & operand; break;
            case 0xa0: result = old ^ operand; break;
            case 0xe0: result = operand; break;
            case 0xf0: {
                long expected = size == 8 ? r[0] : r[0] & 0xffffffffL;
                if (old == expected) memory.store(address, size, operand);
                r[0] = old;
                return;
            }
            default: throw new MemoryFault(String.format("unknown atomic operation 0x%x", operation));
        }
        memory.store(address, size, result);
        if ((operation & 0x01) != 0) r[s] = old;
    }

    private int enter(int pc, int target) {
        if (depth == MAX_FRAMES - 1) throw new MemoryFault("call stack deeper than " + MAX_FRAMES + " frames");
        returnPc[depth] = pc + 1;
        long[] keep = saved[depth];
        keep[0] = r[6];
        keep[1] = r[7];
        keep[2] = r[8];
        keep[3] = r[9];
        keep[4] = r[10];
        depth++;
        Region stack = memory.add(Region.Kind.STACK, new byte[STACK_SIZE], true, null);
        r[10] = stack.address(STACK_SIZE);
        return target;
    }

    private int leave() {
        depth--;
        long[] keep = saved[depth];
        r[6] = keep[0];
        r[7] = keep[1];
        r[8] = keep[2];
        r[9] = keep[3];
        r[10] = keep[4];
        clobberArguments();
        return returnPc[depth];
    }

    private void clobberArguments() {
        for (int i = 1; i <= 5; i++) r[i] = CLOBBERED;
    }

    private void call(int helper) {
        long result = helpers.call(helper);
        clobberArguments();
        r[0] = result;
    }
}
