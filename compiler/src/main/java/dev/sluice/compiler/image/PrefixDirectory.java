package dev.sluice.compiler.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntUnaryOperator;

/**
 * The directory beside the hash of an IPv4 prefix set: three arrays that settle membership in at
 * most three inlined array reads, whatever the members' lengths (a trie walks up to 32 levels, a
 * hash by length probes once per length present).
 * <ul>
 * <li>The top array, {@value #ENTRIES} u64 entries indexed by an address's first 16 bits: zero when
 * no member covers any address of the /16; {@link #WHOLE} when a member of length 16 or less covers
 * it; the one member of length 17 to 32 under it inline in the high word ({@code mask << 16 |
 * address}, their low 16 bits); or, with two or more such members, {@link #BLOCKED} and the index
 * of its middle block.</li>
 * <li>The middle array, blocks of {@value #BLOCK} u32 entries indexed by the third byte, two to a
 * u64 element (the kernel stores an array's elements 8 bytes apart, so a u32 element would take as
 * much room): {@link #WHOLE} when a member of length 17 to 24 covers the /24, {@link #BLOCKED} and
 * the index of its bottom block when members of length 25 to 32 lie under it. The entry of an even
 * third byte is the element's low half.</li>
 * <li>The bottom array, blocks of {@value #WORDS} u64 words: one bit per address of the /24, set
 * when a member covers it. Bottom block 0 is never handed out: its words hold the allocator (how
 * many blocks of each array were ever handed out, and the heads of their free lists).</li>
 * </ul>
 * Every member is also a key of the hash (SetKeys), which is what a set's members are read back
 * from; the directory follows from them ({@link #layout}), and run-time writers keep it in step.
 */
public final class PrefixDirectory {
    /** One top entry per /16. */
    public static final int ENTRIES = 1 << 16;
    /** A top entry is a little-endian u64. */
    public static final int VALUE_SIZE = 8;
    /** Middle entries per block: one per /24 of a /16. */
    public static final int BLOCK = 256;
    /** A middle element is a little-endian u64 holding two u32 entries. */
    public static final int MIDDLE_VALUE_SIZE = 8;
    /** Middle entries per element. */
    public static final int MIDDLE_PER_ELEMENT = 2;
    /** Bottom words per block: 256 bits, one per address of a /24. */
    public static final int WORDS = 4;
    /** A bottom word is a little-endian u64. */
    public static final int BOTTOM_VALUE_SIZE = 8;
    /** The flag of a top or middle entry that a shorter member covers whole. */
    public static final int WHOLE = 1 << 30;
    /** The flag of a top or middle entry that points at a block of the next array (the index below it). */
    public static final int BLOCKED = 1 << 29;
    /** The bits of a top or middle entry that hold a block's index. */
    public static final int INDEX = BLOCKED - 1;
    /** The bottom word of block 0 counting the middle blocks ever handed out. */
    public static final int MIDDLE_HANDED_OUT = 0;
    /** The bottom word of block 0 holding the first free middle block's index plus 1 (0: none). */
    public static final int MIDDLE_FREE = 1;
    /** The bottom word of block 0 counting the bottom blocks ever handed out (block 0 not counted). */
    public static final int BOTTOM_HANDED_OUT = 2;
    /** The bottom word of block 0 holding the first free bottom block's index plus 1 (0: none). */
    public static final int BOTTOM_FREE = 3;

    private PrefixDirectory() {}

    /** Middle blocks a set that holds up to {@code capacity} members can need: one per /16 with two longer members. */
    public static int middleBlocks(int capacity) {
        return Math.min(ENTRIES, Math.max(1, capacity / 2));
    }

    /** Bottom blocks a set of {@code capacity} members can need, one per /24 with a member of 25 or more, and block 0. */
    public static int bottomBlocks(int capacity) {
        return Math.min(1 << 24, capacity) + 1;
    }

    /** The mask of a {@code length}-bit IPv4 prefix, as an int. */
    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /** The member's address under its mask, as an int. */
    public static int address(SetMember m) {
        return (int) m.high() & mask(m.bits());
    }

    /** The member with its address masked to its length (the form the hash holds). */
    public static SetMember masked(SetMember m) {
        return new SetMember(address(m) & 0xffffffffL, 0, m.bits());
    }

    /** The first /16 a member covers (its address's first 16 bits). */
    public static int first(SetMember m) {
        return address(m) >>> 16;
    }

    /** How many /16s a member covers: 1 for lengths of 16 and more, 2^(16 - L) below. */
    public static int count(SetMember m) {
        return m.bits() >= 16 ? 1 : 1 << (16 - m.bits());
    }

    /** Whether the member is longer than 16, so that it lives under one /16 rather than covering it. */
    public static boolean longer(SetMember m) {
        return m.bits() > 16;
    }

    /** The top entry's high word for the one longer member under a /16. */
    public static long single(SetMember m) {
        long low = address(m) & 0xffff;
        return ((long) (mask(m.bits()) & 0xffff) << 16 | low) << 32;
    }

    /** The one longer member a top entry of /16 {@code slash16} holds inline, or null when it holds none. */
    public static SetMember singleOf(int slash16, long entry) {
        int inline = (int) (entry >>> 32);
        if (inline == 0) return null;
        int length = 16 + Integer.bitCount(inline >>> 16);
        return new SetMember(((long) slash16 << 16 | (inline & 0xffff)) & 0xffffffffL, 0, length);
    }

    /**
     * What the longer members under one /16 put in its blocks: the /24s (by third byte) a member of
     * 17 to 24 covers, and for each /24 with members of 25 to 32, its {@value #WORDS} bottom words.
     */
    public record BlockContents(boolean[] whole, SortedMap<Integer, long[]> bits) {}

    /** The block contents of {@code longer}, members of length 17 to 32 under one /16. */
    public static BlockContents contents(Collection<SetMember> longer) {
        boolean[] whole = new boolean[BLOCK];
        SortedMap<Integer, long[]> bits = new TreeMap<>();
        for (SetMember m : longer) {
            int third = (address(m) >>> 8) & 0xff;
            if (m.bits() <= 24) {
                for (int i = 0; i < 1 << (24 - m.bits()); i++) whole[third + i] = true;
            } else {
                long[] words = bits.computeIfAbsent(third, t -> new long[WORDS]);
                int low = address(m) & 0xff;
                for (int i = 0; i < 1 << (32 - m.bits()); i++) words[(low + i) >>> 6] |= 1L << ((low + i) & 63);
            }
        }
        return new BlockContents(whole, bits);
    }

    /** The nonzero entries of the three arrays by index, for a set whose blocks were handed out in order. */
    public record Layout(SortedMap<Integer, Long> top, SortedMap<Integer, Long> middle, SortedMap<Integer, Long> bottom) {}

    /** The directory of the set {@code members} (IPv4 prefixes), as a new set's maps start out. */
    public static Layout layout(Collection<SetMember> members) {
        SortedMap<Integer, Long> top = new TreeMap<>();
        SortedMap<Integer, Long> middle = new TreeMap<>();
        SortedMap<Integer, Long> bottom = new TreeMap<>();
        SortedMap<Integer, List<SetMember>> longer = new TreeMap<>();
        for (SetMember m : new LinkedHashSet<>(members.stream().map(PrefixDirectory::masked).toList())) {
            if (longer(m)) {
                longer.computeIfAbsent(first(m), f -> new ArrayList<>()).add(m);
            } else {
                for (int i = first(m); i < first(m) + count(m); i++) top.merge(i, (long) WHOLE, (a, b) -> a | b);
            }
        }
        int middleBlocks = 0;
        // Counted inside the lambda that hands bottom blocks out.
        int[] bottomBlocks = {0};
        for (Map.Entry<Integer, List<SetMember>> under : longer.entrySet()) {
            List<SetMember> ms = under.getValue();
            if (ms.size() == 1) {
                top.merge(under.getKey(), single(ms.get(0)), (a, b) -> a | b);
                continue;
            }
            int block = middleBlocks++;
            top.merge(under.getKey(), (long) (BLOCKED | block), (a, b) -> a | b);
            BlockContents c = contents(ms);
            long[] elements = middleElements(c, third -> {
                int b = ++bottomBlocks[0];
                long[] words = c.bits().get(third);
                for (int w = 0; w < WORDS; w++) {
                    if (words[w] != 0) bottom.put(b * WORDS + w, words[w]);
                }
                return b;
            });
            for (int i = 0; i < elements.length; i++) {
                if (elements[i] != 0) middle.put(middleElement(block, i * MIDDLE_PER_ELEMENT), elements[i]);
            }
        }
        if (middleBlocks > 0) bottom.put(MIDDLE_HANDED_OUT, (long) middleBlocks);
        if (bottomBlocks[0] > 0) bottom.put(BOTTOM_HANDED_OUT, (long) bottomBlocks[0]);
        return new Layout(top, middle, bottom);
    }

    /**
     * The elements of a middle block holding {@code c}, two entries to an element: {@link #WHOLE}
     * where a member covers the /24, {@link #BLOCKED} and the index {@code bottom} hands out for
     * each /24 with bits (asked in the order of the third byte).
     */
    public static long[] middleElements(BlockContents c, IntUnaryOperator bottom) {
        long[] elements = new long[BLOCK / MIDDLE_PER_ELEMENT];
        for (int third = 0; third < BLOCK; third++) {
            int entry = c.whole()[third] ? WHOLE : 0;
            if (c.bits().containsKey(third)) entry |= BLOCKED | bottom.applyAsInt(third);
            elements[third / MIDDLE_PER_ELEMENT] |= (entry & 0xffffffffL) << middleShift(third);
        }
        return elements;
    }

    /** The middle element holding the entry of {@code third} in {@code block}. */
    public static int middleElement(int block, int third) {
        return (block * BLOCK + third) / MIDDLE_PER_ELEMENT;
    }

    /** Where in its element the entry of {@code third} lies: the shift that brings it to the low half. */
    public static int middleShift(int third) {
        return (third & 1) * 32;
    }

    /** An array index as the array's 4-byte key. */
    public static byte[] key(int index) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(index).array();
    }

    /** A top entry, middle element or bottom word as the array's 8-byte value. */
    public static byte[] value(long entry) {
        return ByteBuffer.allocate(VALUE_SIZE).order(ByteOrder.LITTLE_ENDIAN).putLong(entry).array();
    }

    /** A top entry, middle element or bottom word read from the array's 8-byte value. */
    public static long entry(byte[] value) {
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** A prefix hash key (SetKeys' layout: length, then the address in network order) as a member. */
    public static SetMember member(byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
        int bits = b.getInt(0);
        return new SetMember(b.order(ByteOrder.BIG_ENDIAN).getInt(4) & 0xffffffffL, 0, bits);
    }
}
