package dev.coordination.agent.runtime;

import dev.coordination.agent.deadlock.LocalWaitBoard;
import dev.coordination.agent.deadlock.WaitBoard;
import java.util.List;
import java.util.function.Function;

/**
 * Where the distributed locks live. The runtime needs only this; {@code HazelcastLockBackend} is
 * the real one, unit tests use an in-memory one. Lock names reach the backend as stripes ({@link
 * LockStripes}): the backend holds one lock per stripe, never one per name; or, for a backend whose
 * lock state is freed with every release ({@code ZooKeeperLockBackend}), {@link
 * LockStripes#perName()}: one lock per name.
 */
public interface LockBackend {

    /** How names map onto this backend's locks: the same in every JVM of a cluster. */
    LockStripes stripes();

    /**
     * The lock of {@code stripe}, which every name of that stripe stands for. Waits for the backend to
     * come up (it starts in the background) at most {@code readyWaitNanos}.
     *
     * @throws BackendUnavailableException if the backend is not up in time, was stopped, or cannot
     *     be reached
     * @throws InterruptedException if interrupted while waiting for the backend to come up
     */
    StripeLock lock(int stripe, long readyWaitNanos) throws InterruptedException;

    /**
     * The lock of one name, which is what the runtime asks for: a striped backend answers with the
     * lock of {@code stripe}, a backend without stripes ({@link LockStripes#perName()}) with the lock
     * of {@code fullName} itself.
     *
     * @param fullName the lock name, prefix included
     * @param stripe {@code stripes().of(name)} of the name without the prefix
     */
    default StripeLock lock(String fullName, int stripe, long readyWaitNanos) throws InterruptedException {
        return lock(stripe, readyWaitNanos);
    }

    /**
     * Records that a lock name (prefix included) was just acquired, for {@link #removeNames}. Cheap
     * when the name was recorded lately; never throws and never waits.
     */
    void nameUsed(String fullName);

    /**
     * Forgets the recorded names that start with {@code prefix} and whose rest matches {@code glob},
     * except those that may be held right now (their stripe is locked).
     *
     * @return how many names were forgotten
     * @throws BackendUnavailableException if the backend cannot be reached
     * @throws InterruptedException if interrupted while waiting for the backend
     */
    int removeNames(String prefix, Glob glob) throws InterruptedException;

    /**
     * Hands the backend this JVM's view of who holds what ({@link LockRuntime#holds}), so that it can
     * answer the cluster-wide {@code locks} command for this JVM. Called once, before {@link #start};
     * a backend without a cluster (local mode, tests) has no one to answer and ignores it.
     */
    default void reportHolds(Function<Glob, List<HeldName>> holds) {}

    /**
     * Where this JVM posts its long waits and reads every JVM's, for deadlock detection: one board
     * for the whole cluster. The default sees this JVM only (cycles between its own threads).
     */
    default WaitBoard waitBoard() {
        return new LocalWaitBoard();
    }

    /** The seed's member id: prefix + agent id. */
    String memberId();

    /** Whether locks can be asked for now: connected (or the embedded member running). Never blocks. */
    boolean isReady();

    /** A few words on the connection, for operators: running, starting (and on what it waits), stopped, failed. */
    String status();

    /**
     * The consensus groups this JVM takes part in, as it sees them now, for operators; never blocks.
     * Empty when it takes part in none (a client, an unsafe-mode member, a test backend).
     */
    default List<ConsensusGroup> consensusGroups() {
        return List.of();
    }

    /**
     * The consensus subsystem's health as this JVM sees it now, from local state only (never a
     * remote call, never blocks); {@code null} when this JVM is not a member of one (a client, CP
     * unsafe mode, a test backend).
     */
    default CpStatus cpStatus() {
        return null;
    }

    /**
     * Why every acquire is refused right now although the backend may be reachable, or {@code null}
     * when locks are served: for Hazelcast, a cluster in CP unsafe mode with two or more data members
     * and no {@code coordination.allow-unsafe-cluster}. Read once by every locked call and facade
     * acquire, so it costs a volatile read at most. Releases never ask.
     */
    String refusal();

    /** How the backend keeps the locks, for operators: a CP subsystem, or CP unsafe mode and its members. */
    String clusterMode();

    /** Connects (or starts the embedded member) in the background; does nothing when running. */
    void start();

    /** Disconnects; later calls fail with {@link BackendUnavailableException} until {@link #start()}. */
    void stop();
}
