package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.cp.IAtomicLong;
import com.hazelcast.cp.exception.CPGroupDestroyedException;
import com.hazelcast.cp.lock.FencedLock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent adds to Hazelcast's fences, so that the fences of a name never go backwards, also
 * when the lock cluster's CP state is lost and it starts again. Hazelcast's fence is an index into
 * the Raft log of the lock's CP group, kept in memory only: a group formed anew (every CP member
 * restarted, or the CP subsystem reset) counts its fences from small values again. The base is the
 * wall-clock time, in microseconds, at which the group's current state was first used, kept in a CP
 * {@code IAtomicLong} of the same group, so that it is lost exactly when the locks' state is: the
 * first JVM that finds none records its time, the others read it. A CP group commits far fewer than
 * one entry per microsecond, so every fence handed out from a state is below the time of its grant
 * in microseconds, and the base of the next state, recorded after the restart, is above that while
 * the JVMs' wall clocks do not disagree (or run back) by more than the restart took
 * (docs/guarantees.md).
 *
 * <p>A call reads the base from here, never from the cluster: it is read again only for a CP session
 * this JVM has not used before (a session lives in one state of its group, so a new state shows
 * first as a new session), or after a client found its cluster replaced ({@link #clusterReplaced}):
 * a client that outlives a restart of every member may still hold a session id that the new group
 * has given another JVM. A grant whose request was out while that happened cannot be placed in
 * either state ({@link #unchangedSince}). One reading at a time: callers that need the same one
 * wait for it. Agent jar, system class loader.
 */
final class FenceBase {

    private static final Logger log = LoggerFactory.getLogger(FenceBase.class);

    /** The CP name the base is recorded under, after the lock prefix. */
    static final String RECORD = "coordination-fence-base";

    private final HazelcastInstance instance;
    private final String name;
    private final CallFailures failures;
    /** How often this JVM found its cluster replaced by another (a client, after every member restarted). */
    private final AtomicLong clusters = new AtomicLong();
    /** The last reading started, or null. */
    private volatile Reading latest;
    /** The base this JVM last read, to notice one that went back; guarded by this. */
    private long lastRead;
    /** How often the base was read from the cluster. */
    private final AtomicInteger reads = new AtomicInteger();

    /** A base read for one session of this JVM, in one cluster. */
    private record Reading(Object session, long cluster, CompletableFuture<Long> base) {

        boolean serves(Object session, long cluster) {
            return session != null && this.session == session && this.cluster == cluster;
        }
    }

    FenceBase(HazelcastInstance instance, String lockPrefix, CallFailures failures) {
        this.instance = instance;
        this.name = lockPrefix + RECORD;
        this.failures = failures;
    }

    /** Which cluster this JVM is connected to now, for {@link #of} and {@link #unchangedSince}. */
    long cluster() {
        return clusters.get();
    }

    /**
     * This JVM's client connected to a cluster other than the one it knew (every member was
     * restarted): every base read before belongs to the old one. Called before the first call
     * reaches the new cluster.
     */
    void clusterReplaced() {
        clusters.incrementAndGet();
    }

    /** Whether no other cluster replaced the one of {@code cluster} since {@link #cluster()} returned it. */
    boolean unchangedSince(long cluster) {
        return clusters.get() == cluster;
    }

    /**
     * The base of the fences of {@code lock}'s CP group, for a call in session {@code sessionId};
     * read from the cluster only when this JVM has not read it for that session yet, waiting at most
     * until {@code deadline} ({@code System.nanoTime()}).
     *
     * @param cluster {@link #cluster()}, read before the session was taken
     * @param nanos the caller's whole bound, for messages
     * @throws dev.coordination.agent.runtime.BackendUnavailableException when the base cannot be
     *     read in time: no fence may be handed out without it
     */
    long of(FencedLock lock, long sessionId, long cluster, long deadline, long nanos) throws InterruptedException {
        Object session = FencedLockCalls.sessionRecord(lock, sessionId);
        Reading reading = latest;
        if (reading != null
                && reading.serves(session, cluster)
                && reading.base.isDone()
                && !reading.base.isCompletedExceptionally()) {
            return reading.base.join();
        }
        while (true) {
            reading = reading(session, cluster);
            try {
                return reading.base.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Not cancelled: other calls may wait for the same reading.
                throw CpCalls.noAnswer(nanos, "read the base of the fences (" + what() + ")", failures.outage(), e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                boolean again =
                        cause instanceof OperationTimeoutException || cause instanceof CPGroupDestroyedException;
                long pause = cause instanceof CPGroupDestroyedException ? StripeProxy.LOOK_UP_PAUSE_NANOS : 0;
                if (!again || deadline - System.nanoTime() <= pause) {
                    throw failures.unavailable(
                            "could not read the base of the fences of CP group \"default\" (" + what()
                                    + "), without which no fence can be handed out that is sure to be larger than"
                                    + " those before a restart of the lock cluster",
                            cause);
                }
                // A hung member (asked again, of the new leader), or a CP group formed anew and still settling.
                TimeUnit.NANOSECONDS.sleep(pause);
            }
        }
    }

    /** The reading for {@code session}: the one under way or done, or a new one if it failed or is for another. */
    private synchronized Reading reading(Object session, long cluster) {
        Reading reading = latest;
        if (reading != null && reading.serves(session, cluster) && !reading.base.isCompletedExceptionally()) {
            return reading;
        }
        CompletableFuture<Long> base = new CompletableFuture<>();
        CpCalls.start(() -> {
            try {
                base.complete(readOrRecord());
            } catch (Throwable e) {
                base.completeExceptionally(e);
            }
            return null;
        });
        reading = new Reading(session, cluster, base);
        if (session != null) {
            latest = reading;
        }
        return reading;
    }

    /** The recorded base; or, when none is recorded yet, this JVM's time, recorded unless another was first. */
    private long readOrRecord() {
        reads.incrementAndGet();
        // Looked up each time (once per session): a proxy keeps its CP group's id, and a CP group
        // formed anew may have another, where a question to the old one would go unanswered.
        IAtomicLong atomic = instance.getCPSubsystem().getAtomicLong(name);
        long base = atomic.get();
        if (base == 0) {
            long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            base = atomic.compareAndSet(0, now) ? now : atomic.get();
        }
        if (base <= 0) {
            throw new IllegalStateException(what() + " holds " + base + ", not the time in microseconds the agent"
                    + " records there; something else wrote it");
        }
        noteRead(base);
        return base;
    }

    /** One INFO line per base this JVM starts to use; an ERROR when one is below the one before. */
    private synchronized void noteRead(long base) {
        if (base == lastRead) {
            return;
        }
        String when = Instant.EPOCH.plus(base, ChronoUnit.MICROS).toString();
        if (base < lastRead) {
            log.error(
                    "The fences of CP group \"default\" now count from {} ({}), before the base this JVM used"
                            + " until now, {}: fences handed out from now on may be smaller than earlier ones (is"
                            + " the wall clock of the JVM that recorded it behind?) ({})",
                    base,
                    when,
                    lastRead,
                    what());
        } else {
            log.info(
                    "The fences of CP group \"default\" count from {} ({} in microseconds, when its current state"
                            + " was first used): each is that plus Hazelcast's own ({})",
                    base,
                    when,
                    what());
        }
        lastRead = base;
    }

    /** How often the base was read from the cluster: once for each session opened, not per call. */
    int reads() {
        return reads.get();
    }

    private String what() {
        return "CP IAtomicLong \"" + name + "\"";
    }
}
