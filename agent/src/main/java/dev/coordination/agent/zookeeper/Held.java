package dev.coordination.agent.zookeeper;

/**
 * A name this JVM holds in ZooKeeper: which thread, how often over (reentrancy), its node, the
 * node's {@code czxid} (the fence) and the session epoch it was taken in. Only the owning thread
 * changes {@link #count}. Agent jar, system class loader.
 */
final class Held {
    final Thread owner;
    final String node;
    final long fence;
    final int epoch;
    int count = 1;

    Held(Thread owner, String node, long fence, int epoch) {
        this.owner = owner;
        this.node = node;
        this.fence = fence;
        this.epoch = epoch;
    }
}
