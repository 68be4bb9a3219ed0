package dev.coordination.agent.jmx;

import dev.coordination.agent.runtime.ConsensusGroup;

/**
 * One row of {@link LocksMXBean#getConsensusGroups()}: a CP group this JVM's member takes part in
 * (its leader, this member's role, term and commit index), as {@code CompositeData} with one item
 * per getter. Lives in the agent jar's loader.
 */
public final class ConsensusGroupRow {

    private final ConsensusGroup group;

    ConsensusGroupRow(ConsensusGroup group) {
        this.group = group;
    }

    /** {@code default}, {@code METADATA}, or the name of another CP group. */
    public String getName() {
        return group.name();
    }

    /** The leader's {@code host:port}, or empty during an election. */
    public String getLeader() {
        return group.leader();
    }

    /** This member's role: {@code leader}, {@code follower} or {@code candidate}. */
    public String getLocalRole() {
        return group.localRole();
    }

    /** Elections so far: it grows when a leader is lost. */
    public long getTerm() {
        return group.term();
    }

    /** The last committed entry: it grows while the group serves. */
    public long getCommitIndex() {
        return group.commitIndex();
    }
}
