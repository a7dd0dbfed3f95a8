package dev.sluice.compiler;

import dev.sluice.compiler.hooks.Target;
import dev.sluice.compiler.image.ProgramImage;
import dev.sluice.compiler.interp.ArrayTable;
import dev.sluice.compiler.interp.Context;
import dev.sluice.compiler.interp.HashTable;
import dev.sluice.compiler.interp.InterpMap;
import dev.sluice.compiler.interp.InterpMaps;
import dev.sluice.compiler.interp.Interpreter;
import dev.sluice.compiler.interp.RunResult;
import dev.sluice.dsl.model.Hook;
import dev.sluice.dsl.model.Verdict;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A compiled program running in the JVM with its own maps: counters accumulate over runs, sets hold
 * their members. Redirect targets get stand-in ifindexes 1..n, so a redirect names its target.
 */
public final class InterpretedProgram implements RunningProgram {
    private static final int ETH_HEADER = 14;

    private final String programName;
    private final Hook hook;
    private final ProgramImage image;
    private final List<InterpMap> maps;
    private final Interpreter interpreter;

    /** Program {@code programName} at {@code hook} (which says what a frame is and what a return code means), with fresh maps. */
    InterpretedProgram(String programName, Hook hook, ProgramImage image) {
        this.programName = programName;
        this.hook = hook;
        this.image = image;
        this.maps = InterpMaps.create(image.maps().definitions());
        image.maps().redirects().ifPresent(redirects -> {
            for (int i = 0; i < redirects.role().targets().size(); i++) {
                maps.get(redirects.index()).update(u32(i), u32(i + 1), InterpMap.ANY);
            }
        });
        this.interpreter = new Interpreter(image.code(), maps);
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    @Override
    public ProgramImage image() {
        return image;
    }

    /** The verdict for one frame: an Ethernet frame (the hook sees it from where the kernel would), or a device access. */
    @Override
    public Verdict run(byte[] frame) {
        RunResult r = interpreter.run(context(frame));
        int target = r.redirect().isPresent() ? r.redirect().getAsInt() - 1 : -1;
        return Verdicts.of(hook, r.retval(), image.redirectTargets(), target);
    }

    private Context context(byte[] frame) {
        Target target = Target.of(hook);
        switch (target.access()) {
            case XDP:
                return Context.Xdp.of(frame);
            case SKB:
                return Context.Skb.of(target.programKind(), frame, etherType(frame));
            case SKB_NETWORK:
            case SOCKET:
                return Context.Skb.of(target.programKind(), network(frame), etherType(frame));
            case DEVICE:
                return new Context.Raw(target.programKind(), frame);
            default:
                throw new IllegalStateException(target.access() + " programs do not run on frames");
        }
    }

    private static int etherType(byte[] frame) {
        return frame.length < ETH_HEADER ? 0 : (frame[12] & 0xff) << 8 | (frame[13] & 0xff);
    }

    private static byte[] network(byte[] frame) {
        return frame.length < ETH_HEADER ? new byte[0] : Arrays.copyOfRange(frame, ETH_HEADER, frame.length);
    }

    /** A plain counter's value so far. */
    @Override
    public long counter(String name) {
        return plain(ImageLookups.counterSlot(programName, image, name));
    }

    private long plain(int slot) {
        return u64(((ArrayTable) maps.get(image.maps().counters().index())).value(slot));
    }

    /** Every counter, as {@link ImageLookups#counterValues} lists them. */
    @Override
    public List<CounterValue> counters() {
        return ImageLookups.counterValues(image, new CounterSource() {
            public long plain(int slot) {
                return InterpretedProgram.this.plain(slot);
            }

            public List<Map.Entry<byte[], Long>> keyed(int mapIndex) {
                InterpMap map = maps.get(mapIndex);
                List<Map.Entry<byte[], byte[]>> raw = map instanceof ArrayTable array ? array.nonZeroEntries() : ((HashTable) map).entries();
                List<Map.Entry<byte[], Long>> out = new ArrayList<>();
                for (Map.Entry<byte[], byte[]> e : raw) out.add(Map.entry(e.getKey(), u64(e.getValue())));
                return out;
            }
        });
    }

    /** A named set of the rules in this program's in-JVM maps, changed as a live set in the kernel is. */
    @Override
    public RunningSet set(String name) {
        SetWrites writes = new SetWrites(name, image.maps(), ImageLookups.namedSet(programName, image, name), new InterpSetMaps(maps));
        return new RunningSet() {
            public String name() {
                return name;
            }

            public void add(String member) {
                writes.add(member);
            }

            public void remove(String member) {
                writes.remove(member);
            }
        };
    }

    private static long u64(byte[] value) {
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** The in-JVM maps, in the image's map order. */
    public List<InterpMap> maps() {
        return List.copyOf(maps);
    }
}
