package dev.coordination.chaos;

/**
 * What a JVM of a run is for. Only application JVMs make calls and write a history; the others are
 * the cluster the calls depend on, and faults against them are what the calls must ride out.
 */
public enum JvmRole {
    /** An embedded member of the CP group that also runs the workload. */
    CP_MEMBER("cp-member", true),
    /** A dedicated CP member (client topology): no workload. */
    MEMBER("member", false),
    /** A Hazelcast client running the workload. */
    CLIENT("client", true),
    /** An application JVM of the ZooKeeper topology. */
    APP("app", true),
    /** A ZooKeeper server. */
    ZK_SERVER("zk-server", false);

    private final String text;
    private final boolean application;

    JvmRole(String text, boolean application) {
        this.text = text;
        this.application = application;
    }

    /** The word the history files use. */
    public String text() {
        return text;
    }

    /** Whether JVMs of this role make calls and write a {@code history-JVM.tsv}. */
    public boolean application() {
        return application;
    }
}
