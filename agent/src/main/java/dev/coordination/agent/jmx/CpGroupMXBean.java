package dev.coordination.agent.jmx;

/**
 * One CP group this JVM's member belongs to, as plain numbers, named {@code
 * dev.coordination:type=CpGroup,group=<name>} ({@code default}, {@code METADATA}): registered while
 * the member is in the group. Read from the member's own Raft state, never from the cluster, so a
 * read never waits. Lives in the agent jar's loader.
 */
public interface CpGroupMXBean {

    /** {@code default}, {@code METADATA}, or the name of another CP group. */
    String getGroup();

    /** This member's role: {@code leader}, {@code follower} or {@code candidate}. */
    String getRole();

    /** 1 while this member leads the group, else 0. */
    int getLocalLeader();

    /** 1 while the group has a leader this member knows, 0 during an election. */
    int getLeaderKnown();

    /** Elections so far: it grows when a leader is lost. */
    long getTerm();

    /** The last committed entry: it grows while the group serves. */
    long getCommitIndex();

    /** The entry of the last snapshot (0: none yet). */
    long getSnapshotIndex();

    /** Entries appended since the last snapshot, kept in memory until the next one. */
    long getLogEntries();

    /** CP sessions open in this group (one per JVM that holds or lately held one of its locks). */
    long getSessions();
}
