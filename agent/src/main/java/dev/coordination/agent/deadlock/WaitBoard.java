package dev.coordination.agent.deadlock;

import java.util.Collection;

/**
 * Where the JVMs of a cluster post their long waits for each other's deadlock detectors: one entry
 * per JVM (its member id), the text of its waits ({@link WaitRecordCodec}), replaced whole. An entry
 * of a JVM that is gone must leave within a few seconds (with its session, or by expiring), or a
 * cycle through it would be reported after it died. Reads may be a little stale: detectors confirm
 * a cycle over two reads ({@link CycleConfirmation}).
 */
public interface WaitBoard {

    /**
     * Sets this JVM's entry; called on every scan while it has long waits, so a board may let an
     * entry that is not posted again expire after a few seconds.
     */
    void post(String memberId, String waits) throws Exception;

    /** Removes this JVM's entry (it waits for nothing long any more). */
    void remove(String memberId) throws Exception;

    /** Every JVM's entry, this one's included. */
    Collection<String> read() throws Exception;
}
