package dev.coordination.agent.runtime;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the calls of one lock site did so far: how many got their locks, how many did not, how many
 * are inside the locked section now, and how long they waited and held. Each {@link LockSite} owns
 * one (and {@link LockRuntime} one for {@code Coordination.getLock}), so a call finds its counters
 * without a map look-up; updates are {@code LongAdder}s and a compare-and-set only when a maximum
 * grows, so contended sites do not serialise on their statistics. Read by the JMX view ({@code
 * dev.coordination:type=Locks}). Lives in the agent jar's loader.
 */
public final class LockStats {

    private final LongAdder acquisitions = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder templateErrors = new LongAdder();
    private final LongAdder locksLost = new LongAdder();
    private final LongAdder deadlocks = new LongAdder();
    /** Calls that left their section; holders are acquisitions minus these (one counter less per call). */
    private final LongAdder releases = new LongAdder();

    private final LongAdder waitNanos = new LongAdder();
    private final AtomicLong longestWaitNanos = new AtomicLong();
    private final LongAdder holdNanos = new LongAdder();
    private final AtomicLong longestHoldNanos = new AtomicLong();

    /** A call got all its locks after waiting {@code waitedNanos}, and is now inside its section. */
    void acquired(long waitedNanos) {
        acquisitions.increment();
        waitNanos.add(waitedNanos);
        raise(longestWaitNanos, waitedNanos);
    }

    /** A call left its section after {@code heldNanos}, whether or not its locks were released cleanly. */
    void released(long heldNanos) {
        releases.increment();
        holdNanos.add(heldNanos);
        raise(longestHoldNanos, heldNanos);
    }

    /** A call did not get its locks (taken, timed out, interrupted, backend unreachable); its body did not run. */
    void failed() {
        failures.increment();
    }

    /** A call was failed to break a deadlock (counted as failed too); its body did not run. */
    void deadlock() {
        failures.increment();
        deadlocks.increment();
    }

    /** A call's lock names could not be worked out; its body did not run. */
    void templateError() {
        templateErrors.increment();
    }

    /** A lock the call held was lost, or could not be released, when it left its section. */
    void lockLost() {
        locksLost.increment();
    }

    private static void raise(AtomicLong longest, long value) {
        long current = longest.get();
        while (value > current && !longest.compareAndSet(current, value)) {
            current = longest.get();
        }
    }

    public long acquisitions() {
        return acquisitions.sum();
    }

    public long failures() {
        return failures.sum();
    }

    public long templateErrors() {
        return templateErrors.sum();
    }

    public long locksLost() {
        return locksLost.sum();
    }

    public long deadlocks() {
        return deadlocks.sum();
    }

    /** Calls that left their section (holds counted by {@link #holdNanosTotal()}). */
    public long releases() {
        return releases.sum();
    }

    /** Calls inside the locked section now (a thread re-entering the same method counts once per call). */
    public long holders() {
        long left = releases.sum(); // first: every release read has its acquisition read too
        return Math.max(acquisitions.sum() - left, 0);
    }

    public long waitNanosTotal() {
        return waitNanos.sum();
    }

    public long waitNanosMax() {
        return longestWaitNanos.get();
    }

    public long holdNanosTotal() {
        return holdNanos.sum();
    }

    public long holdNanosMax() {
        return longestHoldNanos.get();
    }
}
