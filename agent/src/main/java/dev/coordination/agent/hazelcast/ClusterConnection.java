package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.coordination.agent.config.AgentConfig;
import java.util.function.Consumer;

/**
 * How this JVM reaches its locks: it runs a Hazelcast member itself ({@link EmbeddedMember},
 * {@code coordination.mode=embedded}) or connects as a client to dedicated members ({@link
 * ClusterClient}, {@code mode=client}). {@link HazelcastLockBackend} starts, watches and stops the
 * instance only through this, so the locks work the same either way. Lives in the agent jar
 * (system class loader).
 */
interface ClusterConnection {

    static ClusterConnection of(AgentConfig settings) {
        return settings.mode() == AgentConfig.Mode.CLIENT ? new ClusterClient(settings) : new EmbeddedMember(settings);
    }

    /** What {@link #start} is doing, for messages while it runs ("connecting to ..."). */
    String starting();

    /** Creates the instance; a client returns at once and connects in the background. */
    HazelcastInstance create();

    /**
     * Waits (on the caller's thread, a daemon) until the instance can serve locks: a member until
     * the CP subsystem has formed, a client until it is connected.
     *
     * @param status told what the start is waiting for, when that changes
     * @throws IllegalStateException when the instance was shut down before it got ready
     */
    void awaitReady(HazelcastInstance instance, Consumer<String> status) throws InterruptedException;

    /**
     * Runs {@code replaced} whenever {@code instance} finds itself in a cluster other than the one
     * it was in (all its CP state new), before any call reaches the new one. A client can: it
     * outlives a restart of every dedicated member. An embedded member cannot, as long as it runs,
     * its cluster is the one it is part of (a reset CP subsystem gives its groups new ids, which the
     * locks notice themselves), so by default nothing is watched.
     */
    default void whenReplaced(HazelcastInstance instance, Runnable replaced) {}

    /** Why the lock cluster cannot be reached right now, or {@code null} when it can. */
    String outage();

    /**
     * Why every acquire must be refused right now (a cluster in CP unsafe mode with several data
     * members, see {@link ClusterMode}), or {@code null}. Read once per locked call: a volatile read.
     */
    String refusal();

    /** How the cluster keeps the locks, for the MBean: {@link ClusterMode#mode()}, or what a client knows. */
    String clusterMode();

    /** Leaves the cluster, freeing this JVM's locks at once when the cluster can still be told. */
    void shutDown(HazelcastInstance instance);
}
