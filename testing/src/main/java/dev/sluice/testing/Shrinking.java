package dev.sluice.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;

/**
 * Drawing and shrinking frames outside a jqwik property, as {@code sluice test --fuzz} does: a seeded
 * generator of shrinkable frames, and a greedy search for the smallest frame that still fails.
 */
public final class Shrinking {
    /** Candidates looked at per step; jqwik lists the nearest first. */
    private static final int CANDIDATES_PER_STEP = 2000;
    /** Steps before the search stops with the smallest value so far. */
    private static final int MAX_STEPS = 10_000;
    private static final int GEN_SIZE = 1000;

    private final Arbitrary<Frame> frames;
    private final Random random;

    private Shrinking(Arbitrary<Frame> frames, Random random) {
        this.frames = frames;
        this.random = random;
    }

    /** A generator of {@code frames} from {@code seed}: the same seed gives the same frames. */
    public static Shrinking draw(Arbitrary<Frame> frames, long seed) {
        return new Shrinking(frames, new Random(seed));
    }

    /** One drawn frame and what it shrinks to. */
    public record Drawn(Frame frame, Shrinkable<Frame> shrinkable) {
        /** The smallest frame this one shrinks to for which {@code fails} still holds ({@link Shrinking#smallest}). */
        public Frame smallest(Predicate<Frame> fails) {
            return Shrinking.smallest(shrinkable, fails);
        }
    }

    /** The next frame, with what it shrinks to. */
    public Drawn next() {
        return next(1).get(0);
    }

    /** The next {@code count} frames, with what each shrinks to. */
    public List<Drawn> next(int count) {
        return inJqwik(() -> {
            RandomGenerator<Frame> generator = frames.generator(GEN_SIZE);
            List<Drawn> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Shrinkable<Frame> s = generator.next(random);
                out.add(new Drawn(s.value(), s));
            }
            return out;
        });
    }

    /**
     * The smallest value reachable from {@code failing} by shrinking, one step at a time, for which
     * {@code fails} still holds; {@code failing}'s own value when nothing smaller fails.
     */
    public static <T> T smallest(Shrinkable<T> failing, Predicate<T> fails) {
        return inJqwik(() -> {
            Shrinkable<T> current = failing;
            for (int step = 0; step < MAX_STEPS; step++) {
                Optional<Shrinkable<T>> smaller = current.shrink().limit(CANDIDATES_PER_STEP).filter(s -> fails.test(s.value())).findFirst();
                if (smaller.isEmpty()) break;
                current = smaller.get();
            }
            return current.value();
        });
    }

    /**
     * Runs {@code action} where jqwik's generators work: they keep state per property, so outside one
     * they need jqwik's sampling context, which {@link Arbitrary#sample()} sets up (inside a property it
     * is the property's own). Randomness comes from this class's seeded generator, not from jqwik's.
     */
    private static <T> T inJqwik(Supplier<T> action) {
        List<T> result = new ArrayList<>(1);
        Arbitraries.fromGenerator(random -> {
            result.add(action.get());
            return Shrinkable.unshrinkable(Boolean.TRUE);
        }).sample();
        return result.get(0);
    }
}
