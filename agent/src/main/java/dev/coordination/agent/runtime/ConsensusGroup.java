package dev.coordination.agent.runtime;

/**
 * One consensus group of the lock cluster as this JVM sees it (for Hazelcast: a CP group this member
 * belongs to), for operators: who leads it, this JVM's role in it, and how far it has got.
 *
 * @param name the group's name ({@code default}, {@code METADATA})
 * @param leader the leader's address, or empty while there is none (an election runs)
 * @param localRole this JVM's role: {@code leader}, {@code follower}, {@code candidate}
 * @param term the current term (elections so far)
 * @param commitIndex the index of the last committed entry
 * @param snapshotIndex the index of the last snapshot (0: none yet); entries up to it are compacted
 * @param logEntries entries appended since the last snapshot, which this member keeps in memory
 */
public record ConsensusGroup(
        String name,
        String leader,
        String localRole,
        long term,
        long commitIndex,
        long snapshotIndex,
        long logEntries) {}
