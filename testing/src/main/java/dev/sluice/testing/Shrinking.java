package dev.sluice.testing;

import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;

/**
 * Drawing and shrinking frames outside a jqwik property, as {@code sluice test --fuzz} does: a seeded
 * generator of shrinkable values, and a greedy search for the smallest value that still fails.
 */
public final class Shrinking {
    /** Candidates looked at per step; jqwik lists the nearest first. */
    private static final int CANDIDATES_PER_STEP = 2000;
    /** Steps before the search stops with the smallest value so far. */
    private static final int MAX_STEPS = 10_000;

    private final RandomGenerator<Frame> generator;
    private final Random random;

    private Shrinking(RandomGenerator<Frame> generator, Random random) {
        this.generator = generator;
        this.random = random;
    }

    /** A generator of {@code frames} from {@code seed}: the same seed gives the same frames. */
    public static Shrinking draw(Arbitrary<Frame> frames, long seed) {
        return new Shrinking(frames.generator(1000), new Random(seed));
    }

    /** The next frame, with what it shrinks to. */
    public Shrinkable<Frame> next() {
        return generator.next(random);
    }

    /**
     * The smallest value reachable from {@code failing} by shrinking, one step at a time, for which
     * {@code fails} still holds; {@code failing} itself when nothing smaller fails.
     */
    public static <T> T smallest(Shrinkable<T> failing, Predicate<T> fails) {
        Shrinkable<T> current = failing;
        for (int step = 0; step < MAX_STEPS; step++) {
            Optional<Shrinkable<T>> smaller = current.shrink().limit(CANDIDATES_PER_STEP).filter(s -> fails.test(s.value())).findFirst();
            if (smaller.isEmpty()) break;
            current = smaller.get();
        }
        return current.value();
    }
}
