package dev.coordination.agent.runtime;

import dev.coordination.agent.deadlock.DeadlockDetector;
import dev.coordination.agent.deadlock.HeldEntry;
import dev.coordination.agent.deadlock.WaitRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * This JVM's side of deadlock detection: the waits of its threads that have lasted a while, with
 * what each waiting thread holds, read from {@link HoldRegistry} by the detector's thread; and
 * failing one of them ({@link ThreadHolds#failWait}). A waiting thread is blocked, so what it holds
 * does not change while it waits. Times are turned into wall-clock milliseconds once per wait and
 * per hold, so that an unchanged wait posts unchanged text.
 */
final class LongWaits implements DeadlockDetector.LocalWaits {

    private final HoldRegistry registry;
    private final String memberId;
    /** Tells this run of the JVM from an earlier one with the same member id. */
    private final String incarnation;

    private Map<String, Long> waitSince = new HashMap<>();
    private Map<Hold, Long> holdSince = new IdentityHashMap<>();
    /** The waits of the last scan, by wait id: whose, and which of that thread's waits. */
    private final Map<String, Waiting> waiting = new HashMap<>();

    private record Waiting(ThreadHolds holds, long number) {}

    LongWaits(HoldRegistry registry, String memberId) {
        this.registry = registry;
        this.memberId = memberId;
        this.incarnation = Long.toString(System.currentTimeMillis(), 36);
    }

    @Override
    public List<WaitRecord> longerThan(long thresholdNanos) {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        Map<String, Long> seenWaits = new HashMap<>();
        Map<Hold, Long> seenHolds = new IdentityHashMap<>();
        List<WaitRecord> records = new ArrayList<>();
        waiting.clear();
        for (ThreadHolds holds : registry.threads()) {
            long wait = holds.waitNow();
            if (wait == 0) {
                continue;
            }
            String name = holds.waitingForNow();
            long startNanos = holds.waitStartNanos();
            String by = holds.waitBy();
            if (name == null || nowNanos - startNanos < thresholdNanos) {
                continue;
            }
            List<HeldEntry> held = new ArrayList<>();
            for (Hold hold : holds.holdsNow()) {
                if (hold != null && hold.count > 0) {
                    long since = holdSince.getOrDefault(hold, millis(hold.acquiredNanos, nowNanos, nowMillis));
                    seenHolds.put(hold, since);
                    held.add(new HeldEntry(hold.fullName, since, hold.by));
                }
            }
            if (holds.waitNow() != wait) {
                continue; // the wait ended while it was read
            }
            String waitId = memberId + "/" + incarnation + "/" + holds.threadId() + "/" + wait;
            long since = waitSince.getOrDefault(waitId, millis(startNanos, nowNanos, nowMillis));
            seenWaits.put(waitId, since);
            waiting.put(waitId, new Waiting(holds, wait));
            records.add(new WaitRecord(
                    memberId, holds.threadId(), holds.threadName(), by, waitId, since, List.of(name), held));
        }
        waitSince = seenWaits;
        holdSince = seenHolds;
        return records;
    }

    @Override
    public boolean fail(WaitRecord wait, String report) {
        Waiting found = waiting.get(wait.waitId());
        return found != null && found.holds().failWait(found.number(), report);
    }

    private static long millis(long nanos, long nowNanos, long nowMillis) {
        return nowMillis - (nowNanos - nanos) / 1_000_000;
    }
}
