package dev.sluice.compiler.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The /16 directory beside the hash of an IPv4 prefix set: an array of {@value #ENTRIES} u64
 * entries indexed by an address's first 16 bits. An entry says, for its /16: {@link #WHOLE} when a
 * member of length 16 or less covers it (every address in it is a member); bit 32-L for each length
 * L of 17 to 32 some member under it has (longest first from bit 0, so that "no length at or below
 * L is left" is one unsigned comparison); and, when exactly one such longer member is under it,
 * that member in the high 32 bits (its mask's and its address's low 16 bits, {@code mask << 16 | address}),
 * so that the code compares it inline instead of probing the hash. A zero entry: no member covers
 * any address of the /16. Every member is also a key of the hash (SetKeys), which is what a set's
 * members are read back from; the directory follows from them.
 */
public final class PrefixDirectory {
    /** One entry per /16. */
    public static final int ENTRIES = 1 << 16;
    /** An entry is a little-endian u64. */
    public static final int VALUE_SIZE = 8;
    /** The flag of an entry whose /16 a member of length 16 or less covers. */
    public static final int WHOLE = 1 << 16;
    /** The shortest length the hash is probed for; shorter members set {@link #WHOLE} instead. */
    public static final int FIRST_PROBED = 17;

    private PrefixDirectory() {}

    /** The bit of the entry's low word for a member of {@code length} 17 to 32. */
    public static int lengthBit(int length) {
        if (length < FIRST_PROBED || length > 32) throw new IllegalArgumentException("no length bit for /" + length);
        return 1 << (32 - length);
    }

    /** The mask of a {@code length}-bit IPv4 prefix, as an int. */
    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    /** The first /16 a member covers (its address's first 16 bits). */
    public static int first(SetMember m) {
        return (int) ((m.high() & mask(m.bits()) & 0xffffffffL) >>> 16);
    }

    /** How many /16s a member covers: 1 for lengths of 16 and more, 2^(16 - L) below. */
    public static int count(SetMember m) {
        return m.bits() >= 16 ? 1 : 1 << (16 - m.bits());
    }

    /** The inline form of a longer member: its mask's and its address's low 16 bits. */
    static long single(SetMember m) {
        long low = m.high() & mask(m.bits()) & 0xffff;
        return ((long) (mask(m.bits()) & 0xffff) << 16 | low) << 32;
    }

    /** The entry after adding {@code m} (already known to lie in the entry's /16) to the members behind {@code entry}. */
    public static long added(long entry, SetMember m) {
        if (m.bits() <= 16) return entry | WHOLE;
        boolean longerMembers = (entry & (WHOLE - 1)) != 0;
        long lengths = (entry & 0xffffffffL) | lengthBit(m.bits());
        if (!longerMembers) return lengths | single(m);
        // A second longer member (or the same one again): the hash decides from now on.
        return lengths;
    }

    /** Every entry that is not zero, by /16, for the set {@code members} (IPv4 prefixes). */
    public static Map<Integer, Long> entries(Collection<SetMember> members) {
        Map<Integer, Long> out = new HashMap<>();
        Map<Integer, Integer> longer = new HashMap<>();
        for (SetMember m : members) {
            int first = first(m);
            for (int i = 0; i < count(m); i++) out.merge(first + i, m.bits() <= 16 ? (long) WHOLE : 0L, (a, b) -> a | b);
            if (m.bits() > 16) {
                int n = longer.merge(first, 1, Integer::sum);
                long lengths = out.get(first) | lengthBit(m.bits());
                out.put(first, n == 1 ? lengths | single(m) : lengths & 0xffffffffL);
            }
        }
        out.values().removeIf(v -> v == 0);
        return new TreeMap<>(out);
    }

    /** An entry's index as the array's 4-byte key. */
    public static byte[] key(int index) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(index).array();
    }

    /** An entry as the array's 8-byte value. */
    public static byte[] value(long entry) {
        return ByteBuffer.allocate(VALUE_SIZE).order(ByteOrder.LITTLE_ENDIAN).putLong(entry).array();
    }

    /** An entry read from the array's value. */
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
