package dev.coordination.agent.deadlock;

import java.util.List;
import java.util.Objects;

/**
 * One thread that has waited for a lock longer than the detection threshold, as every JVM reads it
 * from the shared table: who waits (member, thread, method), for which names, and which names it
 * holds meanwhile. Deadlocks are found from these records alone, so a record carries everything a
 * report names; its holds are stable because a waiting thread cannot take or release anything.
 *
 * @param memberId the member id of the JVM the thread runs in
 * @param threadName the thread's name, for the report only
 * @param method the method of the waiting call, e.g. {@code VolumeService#attach(Volume)}
 * @param waitId unique per wait in the whole cluster (member id, thread id and a per-JVM counter), so
 *     that a thread's next wait is never mistaken for this one
 * @param waitingSinceMillis when the wait began, milliseconds since the epoch
 * @param waitsFor the full lock names the call waits for, usually one
 * @param holds the names the thread holds while it waits, from outer calls or earlier names of this one
 */
public record WaitRecord(
        String memberId,
        long threadId,
        String threadName,
        String method,
        String waitId,
        long waitingSinceMillis,
        List<String> waitsFor,
        List<HeldEntry> holds) {

    public WaitRecord {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(threadName, "threadName");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(waitId, "waitId");
        // List.copyOf also refuses null elements, and keeps the record immutable.
        waitsFor = List.copyOf(Objects.requireNonNull(waitsFor, "waitsFor"));
        holds = List.copyOf(Objects.requireNonNull(holds, "holds"));
    }

    /** Whether both records are of one thread (one JVM, one thread id): a thread never waits for itself. */
    boolean sameThreadAs(WaitRecord other) {
        return threadId == other.threadId && memberId.equals(other.memberId);
    }
}
