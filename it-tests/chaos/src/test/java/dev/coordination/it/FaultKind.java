package dev.coordination.it;

/**
 * The faults the nemesis knows, by their name in {@code nemesis.tsv}. Network faults are sets of
 * one-way cuts between hosts; the others act on one process.
 */
enum FaultKind {
    /** One host cut off from every other, both ways. */
    ISOLATE("isolate", true),
    /** The hosts split in two, a minority and a majority (or two equal halves), both ways. */
    HALVES("halves", true),
    /**
     * One quorum host sees both sides, each side holding one of the other quorum hosts: each side sees
     * a majority of its own, through the bridge.
     */
    BRIDGE("bridge", true),
    /** Every host sees its two neighbours on a ring and nobody else. */
    RING("ring", true),
    /** One or two hosts can send but not receive, or receive but not send. */
    ONE_WAY("one-way", true),
    /** The host of the current leader (CP group {@code default}, or ZooKeeper's) cut off, both ways. */
    ISOLATE_LEADER("isolate-leader", true),
    /** An application JVM killed (SIGKILL), a fresh one started in its place after a while. */
    KILL("kill", false),
    /** An application JVM stopped (SIGSTOP) for less than the session TTL, then continued. */
    PAUSE_SHORT("pause-short", false),
    /** An application JVM stopped for longer than the session TTL, then continued. */
    PAUSE_LONG("pause-long", false),
    /**
     * A CP member killed and replaced as the operations page says: a fresh JVM in its place, then
     * {@code cp remove-missing}, then the replacement promotes itself.
     */
    REPLACE_MEMBER("replace-member", false),
    /** A ZooKeeper server killed, started again (same id and data) after a while. */
    ZK_KILL("zk-kill", false),
    /** A ZooKeeper server stopped (SIGSTOP), then continued. */
    ZK_PAUSE("zk-pause", false),
    /** A ZooKeeper server shut down (SIGTERM) and started again at once. */
    ZK_RESTART("zk-restart", false);

    final String label;
    final boolean network;

    FaultKind(String label, boolean network) {
        this.label = label;
        this.network = network;
    }
}
