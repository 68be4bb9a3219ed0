package dev.coordination.agent.jmx;

import dev.coordination.agent.runtime.HeldName;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One row of {@link LocksMXBean#getHolds()}: a lock name this JVM holds now, with the columns of
 * {@code java -jar coordination-agent.jar locks}. The MXBean machinery turns it into {@code
 * CompositeData} with one item per getter. Lives in the agent jar's loader.
 */
public final class HoldRow {

    private final String name;
    private final String memberId;
    private final String thread;
    private final String method;
    private final String heldSince;
    private final long heldMillis;
    private final int waiting;

    HoldRow(HeldName held, long nowMillis) {
        this.name = held.name();
        this.memberId = held.holder();
        this.thread = held.thread();
        this.method = held.method();
        this.heldSince = Instant.ofEpochMilli(held.sinceMillis())
                .truncatedTo(ChronoUnit.MILLIS)
                .toString();
        this.heldMillis = Math.max(0, nowMillis - held.sinceMillis());
        this.waiting = held.waiting();
    }

    /** The lock name, without the lock prefix: {@code volume-123}. */
    public String getName() {
        return name;
    }

    /** This JVM's member id, as in the {@code locks} command's HOLDER column. */
    public String getMemberId() {
        return memberId;
    }

    /** The holding thread's name ({@code #id} for an unnamed virtual thread; "(ended)" once it ended). */
    public String getThread() {
        return thread;
    }

    /** {@code VolumeService#attach(Volume, Host)}, or {@code Coordination.getLock}. */
    public String getMethod() {
        return method;
    }

    /** When the name was taken, ISO-8601 in UTC: {@code 2026-12-02T07:41:05.123Z}. */
    public String getHeldSince() {
        return heldSince;
    }

    /** How long it has been held, in milliseconds. */
    public long getHeldMillis() {
        return heldMillis;
    }

    /** Threads of this JVM waiting for the name now (the {@code locks} command adds the other JVMs'). */
    public int getWaiting() {
        return waiting;
    }
}
