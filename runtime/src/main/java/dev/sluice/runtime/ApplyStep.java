package dev.sluice.runtime;

/** The steps of an apply, in order; an {@link ApplyRequest}'s observer hears each as it is reached. */
public enum ApplyStep {
    /** The pin folder is locked and what an earlier killed apply left is settled. Nothing new exists yet. */
    LOCKED,
    /** Every new program is loaded (verified) with its maps; nothing is pinned or attached. */
    BUILT,
    /** The first program of the new generation is pinned; the generation is incomplete and not committed. */
    PINNING,
    /** The new generation is pinned whole and its new links are attached; {@code current} still names the old. */
    PINNED,
    /** {@code current} names the new generation: from here on a later apply or remove completes it. */
    COMMITTED,
    /** The first link runs its new program. */
    SWAPPING,
    /** Every link runs its new program; the old generation is still pinned. */
    SWAPPED,
    /** The old generation is unpinned: what the new rules no longer have is gone. */
    DONE
}
