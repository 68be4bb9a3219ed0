package dev.coordination.agent.runtime;

import java.util.concurrent.TimeUnit;

/**
 * Every time bound of a locked call, in one place: what a caller may rely on (the first group), and
 * how a backend keeps to it (the second). Why each value is what it is, and what was measured, is in
 * the documentation's architecture page ("Time bounds"). Agent jar, system class loader.
 */
public final class LockTimings {

    // What callers rely on.

    /**
     * How far past its deadline a call with a timeout may wait for the backend's last answer: the
     * promise is 0.2 s, and the rest is left for the work around the wait (the failure's message,
     * releasing what the call already held).
     */
    public static final long ANSWER_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(150);

    /**
     * How long a refused call may ask who holds its stripe, for its message (another name, or its
     * own): well inside the answer grace, where a round trip to a healthy cluster takes a
     * millisecond or so; past it the message just does not say.
     */
    public static final long HOLDER_QUESTION_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * How long a call that does not wait for its lock ({@code blocking = false}) gives the backend
     * in all, whatever the state of the cluster, the wait for it to come up included: the promise is
     * an answer within 5 s, and the rest is left for the work around it.
     */
    public static final long NO_WAIT_ANSWER_NANOS = TimeUnit.MILLISECONDS.toNanos(4_800);

    /**
     * Longest wait for an answer beyond the time a request itself may wait, for calls without a
     * deadline of their own (blocking calls without a timeout, releases). Past it the backend is
     * taken as unavailable (for Hazelcast: a CP group without a majority). Long enough to ride out a
     * leader election after a CP member crashed.
     */
    public static final long UNANSWERED_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** Longest wait for the backend to come up (it starts in the background) when the call would wait longer. */
    public static final long READY_WAIT_NANOS = TimeUnit.SECONDS.toNanos(120);

    /**
     * Longest wait for a stripe below one this thread already holds (nested locked calls whose names
     * fall on stripes in descending order): two such threads could otherwise wait for each other for
     * ever although their names differ ({@code StripeOrderTest}).
     */
    public static final long OUT_OF_ORDER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    // How a backend keeps to them.

    /**
     * How long one request waits for a lock before it is withdrawn and sent again. The withdrawal is
     * answered, which shows the cluster is alive, so a call without a timeout notices a cluster that
     * stopped answering within this plus {@link #UNANSWERED_NANOS}. Hazelcast ends waits of at most
     * 1.5 s with one more operation through the CP group each, so requests wait longer than that.
     */
    public static final long REQUEST_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    /**
     * A request's own timeout in the cluster exceeds its wait by this much, so that it is withdrawn
     * before it can expire: an expired wait leaves an entry in the lock's state, a withdrawn one does
     * not ({@code SoakIT}).
     */
    public static final long WITHDRAW_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Longest time a waiting thread takes to notice an interrupt: Hazelcast's futures notice one only
     * once their answer came, so answers are awaited in spells this long ({@code CpClusterIT}).
     */
    public static final long INTERRUPT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private LockTimings() {}
}
