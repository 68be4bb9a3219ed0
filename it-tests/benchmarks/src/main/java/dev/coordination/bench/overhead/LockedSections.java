package dev.coordination.bench.overhead;

import dev.coordination.Synchronized;

/**
 * The body every overhead benchmark runs (one counter increment), once inside {@code @Synchronized}
 * methods and once bare, for hand-written locks around it. Loaded in benchmark forks with and
 * without the agent; without it the annotations do nothing.
 */
public final class LockedSections {

    /** The name the hand-written baseline locks, and the annotated method's constant template. */
    public static final String NAME = "bench-overhead";

    private long count;

    @Synchronized(NAME)
    public long locked() {
        return ++count;
    }

    @Synchronized("volume-{volumeId}")
    public long lockedVolume(String volumeId) {
        return ++count;
    }

    public long bare() {
        return ++count;
    }
}
