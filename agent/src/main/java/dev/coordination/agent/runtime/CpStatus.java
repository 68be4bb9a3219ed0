package dev.coordination.agent.runtime;

import java.util.Map;

/**
 * The consensus subsystem's health as one member sees it, for operators (the JMX figures under
 * {@code dev.coordination:type=CpSubsystem} and {@code type=CpGroup}). Lives in the agent jar's loader.
 *
 * @param cpMembers the CP members in the CP member list this member knows
 * @param missingCpMembers those of them that are not in the cluster now (crashed, cut off, or shut
 *     down without being removed): each one missing brings its CP groups closer to losing their majority
 * @param sessionsByGroup per CP group this member belongs to, the CP sessions open in it (one per JVM
 *     that holds or recently held a lock of that group), from this member's copy of the group's state
 */
public record CpStatus(int cpMembers, int missingCpMembers, Map<String, Integer> sessionsByGroup) {

    public CpStatus {
        sessionsByGroup = Map.copyOf(sessionsByGroup);
    }
}
