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

    /** The entry of the last snapshot (0: none yet): the log is compacted up to it. */
    public long getSnapshotIndex() {
        return group.snapshotIndex();
    }

    /** Entries appended since the last snapshot, which this member keeps in memory until the next one. */
    public long getLogEntries() {
        return group.logEntries();
    }
}
