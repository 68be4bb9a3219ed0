package dev.coordination.agent.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acquires and releases distributed locks for the calling thread, counting reentrant holds
 * locally so a thread that already holds a name never asks the cluster again (and knows its fence
 * without a round trip). Names reach the backend as their {@link LockStripes stripes}, and the
 * backend's lock waits within the call's deadline ({@link StripeLock#acquire}); a thread that nests
 * locked calls against the stripe order waits a bounded time only ({@link
 * LockTimings#OUT_OF_ORDER_WAIT_NANOS}).
 */
final class ThreadLocks {

    private static final Logger log = LoggerFactory.getLogger(ThreadLocks.class);

    private final LockBackend backend;
    private final LockStripes stripes;
    private final String prefix;
    private final long outOfOrderWaitNanos;
    private final HoldRegistry registry = new HoldRegistry();
    private final ThreadLocal<ThreadHolds> holds =
            ThreadLocal.withInitial(() -> registry.register(new ThreadHolds(Thread.currentThread())));

    ThreadLocks(LockBackend backend, String prefix) {
        this(backend, prefix, LockTimings.OUT_OF_ORDER_WAIT_NANOS);
    }

    ThreadLocks(LockBackend backend, String prefix, long outOfOrderWaitNanos) {
        this.backend = backend;
        this.stripes = backend.stripes();
        this.prefix = prefix;
        this.outOfOrderWaitNanos = outOfOrderWaitNanos;
    }

    String prefix() {
        return prefix;
    }

    LockStripes stripes() {
        return stripes;
    }

    /** Every thread's holds and waits, for the operator's view ({@link LockRuntime#holds}). */
    HoldRegistry registry() {
        return registry;
    }

    /**
     * Why this thread's last acquire came back without the lock, as far as known: who held the
     * stripe ({@link StripeLock#holder}); empty when not known.
     */
    String lastRefusal() {
        return holds.get().lastRefusal;
    }

    String fullName(String name) {
        return prefix.isEmpty() ? name : prefix.concat(name);
    }

    Hold held(String fullName) {
        return holds.get().find(fullName);
    }

    /**
     * Takes one hold of {@code fullName} for the calling thread.
     *
     * @param stripe {@link LockStripes#of} the name without the prefix (the caller has it at hand)
     * @param tag {@link LockStripes#tag} of the name without the prefix
     * @param startNanos {@code System.nanoTime()} when the caller began (its deadline counts from there)
     * @return the hold, or {@code null} when the lock was not free within {@code deadline}
     * @throws InterruptedException if interrupted while waiting (the flag is cleared, as usual)
     * @throws BackendUnavailableException if the backend cannot be reached
     */
    Hold acquire(String fullName, int stripe, long tag, Deadline deadline, String by, long startNanos)
            throws InterruptedException {
        ThreadHolds mine = holds.get();
        Hold hold = mine.find(fullName);
        if (hold != null) {
            hold.count++;
            return hold;
        }
        if (log.isDebugEnabled()) {
            log.debug("Acquiring lock \"{}\" by \"{}\"", fullName, by);
        }
        long start = startNanos;
        Deadline wait = deadline;
        boolean outOfOrder = !mine.isEmpty() && mine.outOfOrder(stripe);
        if (outOfOrder && deadline.waits() && deadline.remainingNanos(start) > outOfOrderWaitNanos) {
            wait = Deadline.after(outOfOrderWaitNanos, start);
        }
        long readyWait = wait.waits()
                ? Math.min(LockTimings.READY_WAIT_NANOS, Math.max(wait.remainingNanos(start), 1))
                : LockTimings.NO_WAIT_ANSWER_NANOS;
        StripeLock lock = null;
        long fence = 0;
        String deadlock = null;
        mine.startWait(fullName, by, start);
        try {
            lock = backend.lock(fullName, stripe, readyWait);
            fence = lock.acquire(wait, start, tag);
        } catch (InterruptedException e) {
            deadlock = mine.endWait();
            if (deadlock == null) {
                throw e;
            }
        } finally {
            if (deadlock == null) {
                // Chosen to break a deadlock just as the lock came (or the deadline): the lock, if had, is kept.
                deadlock = mine.endWait();
            }
            if (fence == 0 && log.isDebugEnabled()) {
                // Cinder's decorator logs this line from its finally block when the lock was not had.
                log.debug("Lock \"{}\" released by \"{}\" :: held N/A", fullName, by);
            }
        }
        if (fence == 0 && deadlock != null) {
            throw new DeadlockVictimException(deadlock);
        }
        if (fence == 0) {
            // The question must not stretch the call past its bound: what is left of it, at most 50 ms.
            long now = System.nanoTime();
            long question = Math.min(
                    LockTimings.HOLDER_QUESTION_NANOS,
                    wait.waits() ? wait.answerLeftNanos(now) : start + LockTimings.NO_WAIT_ANSWER_NANOS - now);
            StripeLock.Holder holder = question > 0 ? lock.holder(tag, question) : StripeLock.Holder.UNKNOWN;
            mine.lastRefusal = refusal(stripe, holder);
            if (wait != deadline) {
                throw new StripeOrderException("lock \"" + fullName + "\" shares its CP lock (stripe " + stripe
                        + " of " + stripes.count() + ") with other names, and this thread already holds a"
                        + " higher stripe (a locked call nested in another); after "
                        + seconds(outOfOrderWaitNanos) + "s it stops waiting, as two such threads could"
                        + " otherwise wait for each other for ever" + mine.lastRefusal
                        + " (see docs/lock-names.md, \"Lock stripes\")");
            }
            return null;
        }
        long acquired = System.nanoTime();
        hold = new Hold(fullName, stripe, lock, fence, acquired, mine, by);
        mine.add(hold);
        backend.nameUsed(fullName);
        if (log.isDebugEnabled()) {
            log.debug("Lock \"{}\" acquired by \"{}\" :: waited {}s", fullName, by, seconds(acquired - start));
        }
        return hold;
    }

    /**
     * Gives back one hold; the last one releases the lock in the cluster.
     *
     * @throws BackendLockLostException if the hold was lost while held
     * @throws BackendUnavailableException if the release could not reach the backend
     */
    void release(Hold hold, String by) {
        if (--hold.count > 0) {
            return;
        }
        hold.owner.remove(hold);
        hold.lock.release();
        released(hold, by);
    }

    /**
     * Gives back one hold that a call which failed to get all of its locks had taken; the last one
     * releases the lock in the cluster, waiting at most {@code boundNanos} for its answer ({@link
     * StripeLock#releaseWithin}). The thread holds nothing of it afterwards, confirmed or not.
     *
     * @throws BackendLockLostException if the hold was lost while held
     * @throws BackendUnavailableException if the release was not confirmed in time (it goes on in the
     *     background) or could not reach the backend
     */
    void releaseWithin(Hold hold, String by, long boundNanos) {
        if (--hold.count > 0) {
            return;
        }
        hold.owner.remove(hold);
        hold.lock.releaseWithin(boundNanos);
        released(hold, by);
    }

    private void released(Hold hold, String by) {
        if (log.isDebugEnabled()) {
            log.debug(
                    "Lock \"{}\" released by \"{}\" :: held {}s",
                    hold.fullName,
                    by,
                    seconds(System.nanoTime() - hold.acquiredNanos));
        }
    }

    /** Words for a refusal's message: who held the stripe, when known. */
    private String refusal(int stripe, StripeLock.Holder holder) {
        switch (holder) {
            case OTHER_NAME:
                return "; its stripe (" + stripe + " of " + stripes.count() + ") was held for another name"
                        + " (false contention: names share stripes; coordination.lock-stripes sets how many)";
            case SAME_NAME:
                return "; it was held for this name";
            case OTHER_JVM:
                return "; its stripe (" + stripe + " of " + stripes.count() + ") was held by another JVM, for this"
                        + " name or for another that shares the stripe";
            case NOBODY:
                return "; it was free again by the time it was asked who held it";
            default:
                return "";
        }
    }

    /** {@code 0.012}: seconds rounded to milliseconds, as Cinder's {@code %0.3f}. */
    static String seconds(long nanos) {
        long millis = (nanos + 500_000) / 1_000_000;
        StringBuilder text = new StringBuilder().append(millis / 1000).append('.');
        long fraction = millis % 1000;
        if (fraction < 100) {
            text.append('0');
        }
        if (fraction < 10) {
            text.append('0');
        }
        return text.append(fraction).toString();
    }
}
