package dev.sluice.compiler.interp;

import dev.sluice.compiler.hooks.ProgramKind;
import dev.sluice.compiler.isa.Helper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The helpers a {@link Run} calls ({@link Helper}), with the state they keep across one run: the
 * clock, the random stream, a redirect's target and trace_printk's lines. Maps, ring buffers and
 * the packet are reached through the run's memory; arguments are read from its registers.
 */
final class HelperCalls {
    private static final int XDP_REDIRECT = 4;
    private static final int TC_ACT_REDIRECT = 7;

    private final Memory memory;
    private final long[] r;
    private final Environment env;
    private final ProgramKind kind;
    private final Region contextRegion;
    private final Region packet;
    private final Function<byte[], Region> valueRegion;
    private final List<String> printk = new ArrayList<>();
    private final SplittableRandom random;
    private long clock;
    private OptionalInt redirect = OptionalInt.empty();

    /** {@code packet} is null for programs without one; {@code valueRegion} gives a map value's region. */
    HelperCalls(Memory memory, long[] registers, Environment env, ProgramKind kind, Region contextRegion, Region packet,
                Function<byte[], Region> valueRegion) {
        this.memory = memory;
        this.r = registers;
        this.env = env;
        this.kind = kind;
        this.contextRegion = contextRegion;
        this.packet = packet;
        this.valueRegion = valueRegion;
        this.random = new SplittableRandom(env.randomSeed());
        this.clock = env.clockStartNs();
    }

    /** The interface index bpf_redirect named last, if it ran. */
    OptionalInt redirect() {
        return redirect;
    }

    /** The lines trace_printk wrote, in order. */
    List<String> printk() {
        return List.copyOf(printk);
    }

    /** Runs helper {@code helper} on the arguments in r1-r5 and returns what it leaves in r0. */
    long call(int helper) {
        long result;
        Helper known = Helper.byId(helper).orElseThrow(() -> new MemoryFault("helper #" + helper + " is not supported by the interpreter"));
        switch (known) {
            case MAP_LOOKUP_ELEM: {
                InterpMap m = map(r[1]);
                byte[] v = m.lookup(memory.bytes(r[2], m.spec().keySize()));
                result = v == null ? 0 : valueRegion.apply(v).base();
                break;
            }
            case MAP_UPDATE_ELEM: {
                InterpMap m = map(r[1]);
                result = m.update(memory.bytes(r[2], m.spec().keySize()), memory.bytes(r[3], m.spec().valueSize()), r[4]);
                break;
            }
            case MAP_DELETE_ELEM: {
                InterpMap m = map(r[1]);
                result = m.delete(memory.bytes(r[2], m.spec().keySize()));
                break;
            }
            case KTIME_GET_NS:
            case KTIME_GET_BOOT_NS:
                result = clock;
                clock += 1000;
                break;
            case TRACE_PRINTK:
                result = tracePrintk();
                break;
            case GET_PRANDOM_U32:
                result = random.nextInt() & 0xffffffffL;
                break;
            case GET_SMP_PROCESSOR_ID:
                result = env.cpu();
                break;
            case GET_CURRENT_PID_TGID:
                result = env.pidTgid();
                break;
            case GET_CURRENT_UID_GID:
                result = env.uidGid();
                break;
            case GET_CURRENT_COMM: {
                int size = (int) r[2];
                byte[] comm = env.comm().getBytes(StandardCharsets.UTF_8);
                byte[] out = new byte[size];
                System.arraycopy(comm, 0, out, 0, Math.min(comm.length, Math.max(0, size - 1)));
                memory.copyIn(r[1], out, size);
                result = 0;
                break;
            }
            case REDIRECT:
                redirect = OptionalInt.of((int) r[1]);
                result = kind == ProgramKind.XDP ? XDP_REDIRECT : TC_ACT_REDIRECT;
                break;
            case SKB_LOAD_BYTES:
                result = skbLoadBytes(r[1], r[2], r[3], r[4], 0, Integer.MAX_VALUE);
                break;
            case SKB_LOAD_BYTES_RELATIVE:
                result = skbLoadBytes(r[1], r[2], r[3], r[4], r[5] == 0 ? macHeader() : networkHeader(), 0xffff);
                break;
            case RINGBUF_OUTPUT: {
                RingBuffer rb = ringBuffer(r[1]);
                int size = (int) r[3];
                if (!rb.hasRoomFor(size)) {
                    result = -11;
                } else {
                    rb.output(memory.bytes(r[2], size));
                    result = 0;
                }
                break;
            }
            case RINGBUF_RESERVE: {
                RingBuffer rb = ringBuffer(r[1]);
                long size = r[2];
                if (size <= 0 || !rb.hasRoomFor(size)) {
                    result = 0;
                } else {
                    rb.reserve(size);
                    result = memory.add(Region.Kind.RECORD, new byte[(int) size], true, rb).base();
                }
                break;
            }
            case RINGBUF_SUBMIT:
            case RINGBUF_DISCARD: {
                Region record = memory.regionOf(r[1]);
                if (record == null || record.kind != Region.Kind.RECORD || record.released || r[1] != record.base()) {
                    throw new MemoryFault("ring buffer submit or discard of a pointer reserve did not return");
                }
                record.released = true;
                ((RingBuffer) record.owner).finish(record.data.length,
                        known == Helper.RINGBUF_SUBMIT ? record.data.clone() : null);
                result = 0;
                break;
            }
            default:
                throw new MemoryFault("helper #" + helper + " is not supported by the interpreter");
        }
        return result;
    }

    private InterpMap map(long pointer) {
        Region region = memory.regionOf(pointer);
        if (region == null || region.kind != Region.Kind.MAP || pointer != region.base()) {
            throw new MemoryFault("R1 type=scalar expected=map_ptr");
        }
        return (InterpMap) region.owner;
    }

    private RingBuffer ringBuffer(long pointer) {
        InterpMap m = map(pointer);
        if (!(m instanceof RingBuffer rb)) throw new MemoryFault("map " + m.spec().name() + " is not a ring buffer");
        return rb;
    }

    private int macHeader() {
        return kind == ProgramKind.SCHED_CLS ? 0 : -1;
    }

    private int networkHeader() {
        return kind == ProgramKind.SCHED_CLS ? 14 : 0;
    }

    /** The kernel takes the offset as a u32 and refuses one above {@code maxOffset} (INT_MAX, or 0xffff for the relative form) before looking at the packet. */
    private long skbLoadBytes(long ctx, long off, long to, long len, int base, long maxOffset) {
        if (ctx != contextRegion.base() || packet == null) throw new MemoryFault("skb_load_bytes needs the context");
        if (len <= 0 || len > 0xffff) throw new MemoryFault("skb_load_bytes length " + len);
        int n = (int) len;
        long start = base + (off & 0xffffffffL);
        if (base < 0 || (off & 0xffffffffL) > maxOffset || start + n > packet.data.length) {
            memory.copyIn(to, new byte[n], n);
            return -14;
        }
        byte[] out = new byte[n];
        System.arraycopy(packet.data, (int) start, out, 0, n);
        memory.copyIn(to, out, n);
        return 0;
    }

    private long tracePrintk() {
        int size = (int) r[2];
        byte[] raw = memory.bytes(r[1], size);
        int end = 0;
        while (end < raw.length && raw[end] != 0) end++;
        String format = new String(raw, 0, end, StandardCharsets.UTF_8);
        String text = Printf.format(format, new long[] {r[3], r[4], r[5]}, address -> readString(address));
        printk.add(text);
        return text.length();
    }

    private String readString(long address) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            long c = memory.load(address + i, 1);
            if (c == 0) break;
            out.append((char) c);
        }
        return out.toString();
    }
}
