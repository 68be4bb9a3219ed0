package dev.coordination.agent.health;

/**
 * What one look at a dedicated member found, in plain values (the Hazelcast side, {@code
 * MemberHealthProbe}, gathers them; {@link HealthVerdicts} judges them). Agent jar, system class
 * loader.
 *
 * @param stage where the member is in its life
 * @param cluster the Hazelcast cluster name
 * @param members the data members of the cluster this member sees (itself included)
 * @param cpMemberCount the configured CP member count ({@code 0}: CP unsafe mode)
 * @param cpFormed whether the CP subsystem has formed (discovery completed); unused in unsafe mode
 * @param problem why locks are not served now (a CP group that did not answer, or the refusal of
 *     unsafe mode), or {@code null} when they are
 */
public record MemberFacts(
        Stage stage, String cluster, int members, int cpMemberCount, boolean cpFormed, String problem) {

    /** Where a member is in its life. */
    public enum Stage {
        /** Hazelcast is starting or joining its cluster. */
        STARTING,
        RUNNING,
        /** A graceful shutdown has begun (SIGTERM); the member may still answer its peers for a while. */
        SHUTTING_DOWN,
        /** The Hazelcast instance is no longer running. */
        STOPPED
    }

    public static MemberFacts starting(String cluster, int cpMemberCount) {
        return new MemberFacts(Stage.STARTING, cluster, 0, cpMemberCount, false, null);
    }

    public static MemberFacts at(Stage stage, String cluster, int cpMemberCount) {
        return new MemberFacts(stage, cluster, 0, cpMemberCount, false, null);
    }
}
