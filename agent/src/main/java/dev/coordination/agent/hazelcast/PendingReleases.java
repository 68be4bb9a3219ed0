package dev.coordination.agent.hazelcast;

import com.hazelcast.cp.exception.CPGroupDestroyedException;
import com.hazelcast.cp.internal.session.SessionExpiredException;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.internal.util.UuidUtil;
import com.hazelcast.spi.impl.InternalCompletableFuture;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unlocks whose caller stopped waiting for an answer, sent again until the CP group answers. A
 * release that got no answer in time fails for its caller ({@code LockLostException}), but the CP
 * group may still hold the lock for this JVM's session, which stays alive as long as the JVM
 * heartbeats: without a retry the name would stay locked for as long as the JVM runs (a holder that
 * could send but not receive, {@code PartitionIT}). Each retry carries the unlock's own invocation id
 * and thread id, so the CP group applies it at most once, whichever thread sends it. Agent jar,
 * system class loader.
 */
final class PendingReleases {

    private static final Logger log = LoggerFactory.getLogger(PendingReleases.class);

    static final long RETRY_MILLIS = 2_000;
    /** After this long the session the lock was held in has surely ended, and the lock with it. */
    static final long GIVE_UP_MILLIS = TimeUnit.MINUTES.toMillis(10);

    private PendingReleases() {}

    /**
     * Sends the unlock again in the background until it is answered, its session ends, or ten
     * minutes pass; then {@code done} runs (it gives back the session use and the lane).
     */
    static void retry(String name, FencedLock lock, long sessionId, long threadId, UUID invocation, Runnable done) {
        CpRetries.later(
                new Pending(name, lock, sessionId, threadId, invocation, System.currentTimeMillis(), false, done)::send,
                0);
    }

    /**
     * Like {@link #retry}, for an unlock after which nothing of the lock may stay held under
     * ({@code sessionId}, {@code threadId}): while the CP group answers that the endpoint still
     * holds it, another unlock follows, each with an invocation id of its own. The CP group counts
     * holds, and it may count one the agent never knew of: an acquire applied twice, once before and
     * once after an unlock of its endpoint freed it (Hazelcast forgets an endpoint's invocation ids
     * when it frees the lock, so the resent acquire counts again). A lane handed on with such a hold
     * would give its next thread a reentrant grant with the old fence, and keep the name from
     * everyone else for as long as the session lives.
     */
    static void drain(String name, FencedLock lock, long sessionId, long threadId, UUID invocation, Runnable done) {
        CpRetries.later(
                new Pending(name, lock, sessionId, threadId, invocation, System.currentTimeMillis(), true, done)::send,
                0);
    }

    /**
     * A request the caller stopped waiting for, which cannot be withdrawn (it did not wait, or its
     * thread held the lock already), may still be granted: then that grant is given straight back,
     * so nothing stays held for nobody. {@code done} runs once the request is settled.
     *
     * @param emptyLane the endpoint held nothing of the lock before the request: the give-back
     *     drains it ({@link #drain})
     */
    static void giveBackIfGranted(
            String name,
            FencedLock lock,
            InternalCompletableFuture<Long> request,
            long sessionId,
            long threadId,
            boolean emptyLane,
            Runnable done) {
        request.whenComplete((fence, error) -> {
            if (error == null && fence != null && fence != FencedLock.INVALID_FENCE) {
                if (emptyLane) {
                    drain(name, lock, sessionId, threadId, UuidUtil.newUnsecureUUID(), done);
                } else {
                    retry(name, lock, sessionId, threadId, UuidUtil.newUnsecureUUID(), done);
                }
            } else {
                done.run();
            }
        });
    }

    private static void schedule(Pending pending) {
        CpRetries.later(pending::send, RETRY_MILLIS);
    }

    private static final class Pending {
        final String name;
        final FencedLock lock;
        final long sessionId;
        final long threadId;
        final UUID invocation;
        final long sinceMillis;
        /** Unlocks follow until the endpoint holds nothing ({@link #drain}). */
        final boolean drain;

        final Runnable done;

        Pending(
                String name,
                FencedLock lock,
                long sessionId,
                long threadId,
                UUID invocation,
                long sinceMillis,
                boolean drain,
                Runnable done) {
            this.name = name;
            this.lock = lock;
            this.sessionId = sessionId;
            this.threadId = threadId;
            this.invocation = invocation;
            this.sinceMillis = sinceMillis;
            this.drain = drain;
            this.done = done;
        }

        void send() {
            if (FencedLockCalls.session(lock) != sessionId) {
                done.run(); // the session ended (its heartbeats were refused): the CP group freed the lock
                return;
            }
            try {
                FencedLockCalls.unlock(lock, sessionId, threadId, invocation).whenComplete((stillHeld, error) -> {
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (error == null && drain && Boolean.TRUE.equals(stillHeld)) {
                        log.warn(
                                "Lock \"{}\": the CP group still counted a hold under thread id {} of session {}"
                                        + " after its last known hold was freed; unlocking again",
                                name,
                                threadId,
                                sessionId);
                        CpRetries.later(
                                new Pending(
                                        name,
                                        lock,
                                        sessionId,
                                        threadId,
                                        UuidUtil.newUnsecureUUID(),
                                        sinceMillis,
                                        true,
                                        done)::send,
                                0);
                    } else if (error == null
                            || cause instanceof SessionExpiredException
                            || cause instanceof CPGroupDestroyedException
                            || cause instanceof IllegalMonitorStateException) {
                        done.run();
                        log.info(
                                drain
                                        ? "Lock \"{}\": nothing is held under the lane any more, {} s after its last release"
                                        : "Lock \"{}\": the unlock that had no answer was applied {} s later",
                                name,
                                (System.currentTimeMillis() - sinceMillis) / 1000);
                    } else {
                        again();
                    }
                });
            } catch (RuntimeException e) {
                again();
            }
        }

        void again() {
            if (System.currentTimeMillis() - sinceMillis > GIVE_UP_MILLIS) {
                log.error(
                        "Lock \"{}\": the CP group has not answered its unlock for {} minutes; it is freed"
                                + " when this JVM's CP session ends (cp close-sessions MEMBER-ID frees it now)",
                        name,
                        TimeUnit.MILLISECONDS.toMinutes(GIVE_UP_MILLIS));
                done.run();
                return;
            }
            schedule(this);
        }
    }
}
