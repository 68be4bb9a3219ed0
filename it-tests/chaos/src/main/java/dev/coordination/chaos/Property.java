package dev.coordination.chaos;

/** What a run must keep, whatever the nemesis did; each violation breaks exactly one. */
public enum Property {
    /** The store lost no update: its final value is the number of writes it accepted, none judged lost. */
    LOST_UPDATE("lost update"),
    /** A grant that surely came after another carries a larger fence. */
    FENCE_ORDER("fence order"),
    /** No two calls ran a section of one name at once, unless the earlier one was told it lost the lock. */
    OVERLAP("overlap"),
    /** Every call answered within its bound (its timeout, the non-blocking bound, the silent-cluster bound). */
    BOUND("bound"),
    /** Every call of a JVM that lived to the end of the run ended. */
    NEVER_ENDED("never ended"),
    /**
     * Every call ended as the contract says (returned, or one of the agent's own exceptions), and
     * none with a deadlock, which the workload cannot form.
     */
    UNEXPECTED_EXCEPTION("unexpected exception"),
    /** After the last heal, every application JVM still there locked again soon. */
    RECOVERY("recovery");

    private final String text;

    Property(String text) {
        this.text = text;
    }

    /** How the report names it. */
    public String text() {
        return text;
    }
}
