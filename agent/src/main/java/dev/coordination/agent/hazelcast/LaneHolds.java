package dev.coordination.agent.hazelcast;

/**
 * One thread's holds of this lock: under which lane, how many, in which session, and how many of
 * the oldest were lost when their session ended (a later hold in a new session took the lock
 * afresh).
 */
final class LaneHolds {
    /** The lane this thread holds the lock under; its use ends with the last hold. */
    final long lane;
    /** The tag of the name the first hold was for ({@code LockStripes.tag}): who holds, for a refused caller. */
    final long nameTag;

    long sessionId;
    int count = 1;
    int lost;

    LaneHolds(long lane, long nameTag, long sessionId) {
        this.lane = lane;
        this.nameTag = nameTag;
        this.sessionId = sessionId;
    }

    void add(long session) {
        if (session != sessionId) {
            lost = count;
            sessionId = session;
        }
        count++;
    }

    /** Counts one release, newest hold first; {@code true} when that hold was lost. */
    boolean releaseOne() {
        count--;
        if (count < lost) {
            lost = count;
            return true;
        }
        return false;
    }
}
