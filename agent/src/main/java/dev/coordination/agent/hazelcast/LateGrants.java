package dev.coordination.agent.hazelcast;

import com.hazelcast.cp.internal.session.SessionExpiredException;
import com.hazelcast.cp.lock.FencedLock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a grant is still this JVM's when its caller sees it. The CP group ends a session a TTL
 * after the last call of that session it applied, and frees its locks; a lock request is such a
 * call. So a grant seen less than a TTL (less a margin) after its request was sent is held for at
 * least that margin more, however long the request waited in the group. A grant seen later (the
 * JVM was stopped or paused by its garbage collector, the answer was held up in a cut network) may
 * come from a session that has ended, its lock long passed on to another JVM: its caller must not
 * enter until a heartbeat of the session has been answered (the session then lives a TTL from that
 * heartbeat's sending, and a session that lives keeps its locks). Agent jar, system class loader.
 */
final class LateGrants {

    /**
     * Session TTLs are at least 2 s: a grant seen within 1 s of its request needs no question, and
     * one seen later is asked about only when less than this would be left of the TTL.
     */
    static final long MARGIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger log = LoggerFactory.getLogger(LateGrants.class);

    private LateGrants() {}

    /** Whether a grant seen at {@code seenNanos} may have to be asked about ({@link #sessionLives}). */
    static boolean seenLate(long sentNanos, long seenNanos) {
        return seenNanos - sentNanos >= MARGIN_NANOS;
    }

    /**
     * Whether session {@code sessionId}, in which a request sent at {@code sentNanos} was granted,
     * still lives, and so still holds what it was granted, for at least {@link #MARGIN_NANOS} more.
     *
     * @param deadline the caller's bound ({@code System.nanoTime()}) for the heartbeat's answer
     * @return false when the session has ended: its locks were freed
     * @throws TimeoutException when the CP group did not answer the heartbeat by {@code deadline}
     * @throws ExecutionException when the heartbeat failed otherwise
     */
    static boolean sessionLives(FencedLock lock, long sessionId, long sentNanos, long deadline)
            throws InterruptedException, TimeoutException, ExecutionException {
        long ttlMillis = FencedLockCalls.sessionTtlMillis(lock, sessionId);
        if (ttlMillis < 0) {
            return false;
        }
        if (System.nanoTime() - sentNanos < TimeUnit.MILLISECONDS.toNanos(ttlMillis) - MARGIN_NANOS) {
            return true;
        }
        try {
            FencedLockCalls.heartbeat(lock, sessionId)
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SessionExpiredException) {
                return false;
            }
            throw e;
        }
    }

    /** Says why a call that was granted its lock waits on instead of entering. */
    static void sessionEnded(String name, long lateNanos) {
        log.warn(
                "A grant of lock \"{}\" reached its caller {} after the request, when this JVM's CP session"
                        + " had ended (the JVM was stopped, or cut off from the CP group, for longer than the"
                        + " session TTL): the lock was freed and may be held elsewhere, so the call does not"
                        + " enter it but waits on in a new session",
                name,
                CallFailures.seconds(lateNanos));
    }
}
