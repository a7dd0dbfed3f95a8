package dev.sluice.compiler;

import static dev.sluice.compiler.image.PrefixDirectory.*;

import dev.sluice.compiler.image.ImageMaps;
import dev.sluice.compiler.image.MapRole.SetDirectory.Level;
import dev.sluice.compiler.image.PrefixDirectory;
import dev.sluice.compiler.image.RoleAt;
import dev.sluice.compiler.image.SetMember;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Keeps one IPv4 prefix set's {@link PrefixDirectory} in step with its hash while the program
 * runs. Every write is one array element, written whole, so a packet reads an element before or
 * after a change, never half of one; a block is filled before the entry that points at it is
 * written, and an entry stops pointing at a block before the block goes back to its free list (a
 * packet that read the entry just before still reads the block's old contents, unless a later
 * change hands the block out again within that packet's lookup, a window of nanoseconds).
 * Blocks come from the allocator in bottom block 0 (free lists threaded through the free blocks'
 * first element, then the never-used ones), so a change reads and writes a few elements, not the
 * whole array. One writer at a time: two processes changing one set at once can lose a change.
 */
final class PrefixDirectoryWrites {
    private final String set;
    private final SetMapAccess maps;
    private final int top;
    private final int middle;
    private final int bottom;
    private final int middleBlocks;
    private final int bottomBlocks;

    /** The writer of the directory of set map {@code setMap} (by its name) among {@code image}'s maps; {@code set} names it in errors. */
    PrefixDirectoryWrites(String set, ImageMaps image, String setMap, SetMapAccess maps) {
        this.set = set;
        this.maps = maps;
        RoleAt<?> t = image.directoryOf(setMap, Level.TOP).orElseThrow();
        RoleAt<?> m = image.directoryOf(setMap, Level.MIDDLE).orElseThrow();
        RoleAt<?> b = image.directoryOf(setMap, Level.BOTTOM).orElseThrow();
        this.top = t.index();
        this.middle = m.index();
        this.bottom = b.index();
        this.middleBlocks = image.list().get(middle).definition().spec().maxEntries() * MIDDLE_PER_ELEMENT / BLOCK;
        this.bottomBlocks = image.list().get(bottom).definition().spec().maxEntries() / WORDS;
    }

    /** Announces member {@code added}, whose key the hash already holds. */
    void added(SetMember added) {
        SetMember m = masked(added);
        if (!longer(m)) {
            for (int i = first(m); i < first(m) + count(m); i++) {
                long e = top(i);
                if ((e & WHOLE) == 0) setTop(i, e | WHOLE);
            }
            return;
        }
        int slash16 = first(m);
        long e = top(slash16);
        if ((e & BLOCKED) != 0) {
            addToBlock((int) (e & INDEX), m);
            return;
        }
        SetMember single = singleOf(slash16, e);
        if (single == null) {
            setTop(slash16, e | single(m));
        } else if (!single.equals(m)) {
            Handed block = allocateMiddle();
            fillBlock(block, List.of(single, m));
            setTop(slash16, (e & WHOLE) | BLOCKED | block.index());
        }
    }

    /** Withdraws member {@code removed}, whose key the hash still holds; {@code left} are the members that stay. */
    void removing(SetMember removed, Collection<SetMember> left) {
        SetMember m = masked(removed);
        List<SetMember> stay = left.stream().map(PrefixDirectory::masked).filter(l -> !l.equals(m)).toList();
        if (!longer(m)) {
            for (int i = first(m); i < first(m) + count(m); i++) {
                int slash16 = i;
                boolean whole = stay.stream().anyMatch(l -> !longer(l) && slash16 >= first(l) && slash16 < first(l) + count(l));
                long e = top(i);
                long next = whole ? e | WHOLE : e & ~(long) WHOLE;
                if (next != e) setTop(i, next);
            }
            return;
        }
        int slash16 = first(m);
        List<SetMember> under = stay.stream().filter(l -> longer(l) && first(l) == slash16).toList();
        long e = top(slash16);
        long whole = e & WHOLE;
        if (under.size() <= 1) {
            setTop(slash16, whole | (under.isEmpty() ? 0 : single(under.get(0))));
            if ((e & BLOCKED) != 0) {
                List<SetMember> before = new ArrayList<>(under);
                before.add(m);
                freeBlock((int) (e & INDEX), before);
            }
            return;
        }
        // Two or more members stay, so there were three: the /16 has a block.
        rewriteInBlock((int) (e & INDEX), m, contents(under));
    }

    /** Rewrites the middle entries (or the bottom words) of {@code block} that member {@code m} touched, from what stays. */
    private void rewriteInBlock(int block, SetMember m, BlockContents stay) {
        int third = (address(m) >>> 8) & 0xff;
        if (m.bits() <= 24) {
            for (int t = third; t < third + (1 << (24 - m.bits())); t++) {
                int f = middle(block, t);
                int next = stay.whole()[t] ? f | WHOLE : f & ~WHOLE;
                if (next != f) setMiddle(block, t, next);
            }
            return;
        }
        int f = middle(block, third);
        long[] words = stay.bits().get(third);
        if (words == null) {
            setMiddle(block, third, f & WHOLE);
            freeBottom(f & INDEX);
        } else {
            // Members of /25 to /32 stay under the /24, so it had them before: it has a bottom block.
            for (int w = 0; w < WORDS; w++) {
                if (word(f & INDEX, w) != words[w]) setWord(f & INDEX, w, words[w]);
            }
        }
    }

    private void addToBlock(int block, SetMember m) {
        int third = (address(m) >>> 8) & 0xff;
        if (m.bits() <= 24) {
            for (int t = third; t < third + (1 << (24 - m.bits())); t++) {
                int f = middle(block, t);
                if ((f & WHOLE) == 0) setMiddle(block, t, f | WHOLE);
            }
            return;
        }
        long[] words = contents(List.of(m)).bits().get(third);
        int f = middle(block, third);
        if ((f & BLOCKED) == 0) {
            setMiddle(block, third, f | BLOCKED | newBottom(words));
            return;
        }
        for (int w = 0; w < WORDS; w++) {
            long old = word(f & INDEX, w);
            if ((old | words[w]) != old) setWord(f & INDEX, w, old | words[w]);
        }
    }

    /**
     * Writes {@code block}, just handed out, for the longer members {@code ms}: every element of a
     * block from the free list (it may hold an earlier /16's entries), only the nonzero ones of a
     * block never handed out before (still all zero).
     */
    private void fillBlock(Handed block, Collection<SetMember> ms) {
        BlockContents c = contents(ms);
        long[] elements = middleElements(c, third -> newBottom(c.bits().get(third)));
        for (int i = 0; i < elements.length; i++) {
            if (!block.fresh() || elements[i] != 0) {
                maps.update(middle, key(PrefixDirectory.middleElement(block.index(), i * MIDDLE_PER_ELEMENT)), value(elements[i]));
            }
        }
    }

    /** Returns {@code block} and the bottom blocks its entries for {@code before}'s /24s point at. */
    private void freeBlock(int block, Collection<SetMember> before) {
        for (int t : contents(before).bits().keySet()) {
            int f = middle(block, t);
            if ((f & BLOCKED) != 0) freeBottom(f & INDEX);
        }
        setMiddle(block, 0, (int) word(0, MIDDLE_FREE));
        setWord(0, MIDDLE_FREE, block + 1);
    }

    /** A bottom block just handed out, holding {@code words}; returns its index. */
    private int newBottom(long[] words) {
        Handed b = allocateBottom();
        for (int w = 0; w < WORDS; w++) {
            if (!b.fresh() || words[w] != 0) setWord(b.index(), w, words[w]);
        }
        return b.index();
    }

    /** A block handed out: from a free list, or {@code fresh}, never handed out before and so still all zero. */
    private record Handed(int index, boolean fresh) {}

    private Handed allocateMiddle() {
        long free = word(0, MIDDLE_FREE);
        if (free != 0) {
            int block = (int) free - 1;
            setWord(0, MIDDLE_FREE, middle(block, 0) & 0xffffffffL);
            return new Handed(block, false);
        }
        long handedOut = word(0, MIDDLE_HANDED_OUT);
        if (handedOut >= middleBlocks) throw full("middle", middleBlocks);
        setWord(0, MIDDLE_HANDED_OUT, handedOut + 1);
        return new Handed((int) handedOut, true);
    }

    private Handed allocateBottom() {
        long free = word(0, BOTTOM_FREE);
        if (free != 0) {
            int block = (int) free - 1;
            setWord(0, BOTTOM_FREE, word(block, 0));
            return new Handed(block, false);
        }
        long handedOut = word(0, BOTTOM_HANDED_OUT);
        if (handedOut + 1 >= bottomBlocks) throw full("bottom", bottomBlocks - 1);
        setWord(0, BOTTOM_HANDED_OUT, handedOut + 1);
        return new Handed((int) handedOut + 1, true);
    }

    private void freeBottom(int block) {
        setWord(block, 0, word(0, BOTTOM_FREE));
        setWord(0, BOTTOM_FREE, block + 1);
    }

    private IllegalStateException full(String level, int blocks) {
        return new IllegalStateException("set " + set + ": its directory's " + blocks + " " + level + " blocks are all in use");
    }

    private long top(int slash16) {
        return maps.lookup(top, key(slash16)).map(PrefixDirectory::entry).orElse(0L);
    }

    private void setTop(int slash16, long entry) {
        maps.update(top, key(slash16), value(entry));
    }

    private long middleElement(int block, int third) {
        return maps.lookup(middle, key(PrefixDirectory.middleElement(block, third))).map(PrefixDirectory::entry).orElse(0L);
    }

    private int middle(int block, int third) {
        return (int) (middleElement(block, third) >>> middleShift(third));
    }

    /** Writes the element of the entry whole, its other entry as it was (the same block's: one writer). */
    private void setMiddle(int block, int third, int entry) {
        long element = middleElement(block, third) & ~(0xffffffffL << middleShift(third));
        element |= (entry & 0xffffffffL) << middleShift(third);
        maps.update(middle, key(PrefixDirectory.middleElement(block, third)), value(element));
    }

    private long word(int block, int word) {
        return maps.lookup(bottom, key(block * WORDS + word)).map(PrefixDirectory::entry).orElse(0L);
    }

    private void setWord(int block, int word, long value) {
        maps.update(bottom, key(block * WORDS + word), value(value));
    }
}
