package dev.coordination.agent.jmx;

import java.util.List;

/**
 * The operator's view of this JVM's locks, registered as {@code dev.coordination:type=Locks} in the
 * platform MBean server. An MXBean: every attribute is an open type (rows are {@code
 * CompositeData}), so jconsole or any remote JMX client reads it without the agent's classes.
 * Lives in the agent jar's loader.
 */
public interface LocksMXBean {

    /** The seed's member id ({@code coordination.prefix} + agent id). */
    String getMemberId();

    /** Whether locks can be asked for now: the embedded member (or client) is up. */
    boolean isBackendReady();

    /** The backend in a few words: running, what starting waits for, stopped, failed. */
    String getBackendStatus();

    /**
     * How the cluster keeps the locks: {@code CP subsystem of 3}; {@code single member, CP unsafe
     * mode}; {@code CP unsafe mode with 2 members: locks refused (...)} (every acquire fails until
     * this JVM is alone again, or the settings change); {@code CP unsafe mode with 2 members, allowed
     * by coordination.allow-unsafe-cluster}; or, in client mode, that the dedicated members decide.
     */
    String getClusterMode();

    /**
     * Locks lost in this JVM: releases that failed because the lock's CP session ended (or the
     * cluster could not be reached) while a section ran, so that section may not have been exclusive.
     * Each one is also an ERROR line. Alert when it grows.
     */
    long getLocksLost();

    /**
     * Deadlocks broken in this JVM: waits of its calls that were failed with {@code
     * LockDeadlockException} because they closed a cycle of waits. Each one is also an ERROR line
     * naming the cycle.
     */
    long getDeadlocks();

    /** Calls, over all rows, that got their locks. */
    long getAcquisitions();

    /** Calls, over all rows, that did not get their locks (their bodies did not run). */
    long getFailures();

    /** Calls, over all rows, whose lock names could not be worked out (their bodies did not run). */
    long getTemplateErrors();

    /** Calls, over all rows, inside a locked section now. */
    long getHolders();

    /** One row per {@code @Synchronized} method seen so far, and one for {@code Coordination.getLock}. */
    List<LockRow> getLocks();

    /**
     * The CP groups this JVM's member takes part in, from its own Raft state: leader, role, term,
     * commit index. Empty for a client and for a member outside the CP subsystem (unsafe mode).
     */
    List<ConsensusGroupRow> getConsensusGroups();

    /**
     * The lock names this JVM holds now, sorted by name: thread, method, since when, and how many of
     * this JVM's threads wait for each. {@code java -jar coordination-agent.jar locks} shows the same
     * for every JVM of the cluster, with the waiting threads of all of them.
     */
    List<HoldRow> getHolds();
}
