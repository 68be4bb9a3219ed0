package dev.coordination.agent.jmx;

/**
 * The CP subsystem as this JVM's member sees it, named {@code dev.coordination:type=CpSubsystem}:
 * registered while the member takes part in a CP subsystem (not for a client, nor in CP unsafe
 * mode). Read from the member's own state, never from the cluster. Lives in the agent jar's loader.
 */
public interface CpSubsystemMXBean {

    /** CP members in the CP member list. */
    int getCpMembers();

    /**
     * CP members in the list that are not in the cluster now. Above 0, the CP groups have lost
     * members; once a group has lost its majority, locks in it cannot be taken or released. Alert
     * when it stays above 0, and remove or replace the missing members.
     */
    int getMissingCpMembers();
}
