package dev.coordination.agent.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread's {@link ThreadHolds}, so that "who holds what" can be answered without the lock
 * path writing anything shared: a thread registers once, at its first locked call, and is walked
 * only when someone asks (the {@code locks} command, the MBean's {@code Holds}). Threads that ended
 * holding nothing are dropped now and then while threads register, so a JVM that runs its locked
 * calls on ever new (virtual) threads keeps a bounded list. A thread that ended while holding a lock
 * (a {@code Coordination.getLock} never unlocked) stays listed: the cluster still holds that lock.
 * Agent jar, system class loader.
 */
final class HoldRegistry {

    /** The list is first tidied at this many registrations, then whenever it doubled since. */
    static final int TIDY_MIN = 256;

    private final ConcurrentLinkedQueue<ThreadHolds> threads = new ConcurrentLinkedQueue<>();
    private final AtomicInteger listed = new AtomicInteger();
    private volatile int tidyAt = TIDY_MIN;

    ThreadHolds register(ThreadHolds holds) {
        threads.add(holds);
        if (listed.incrementAndGet() >= tidyAt) {
            tidy();
        }
        return holds;
    }

    /** Every listed thread's holds, for the deadlock detector's scan. */
    Iterable<ThreadHolds> threads() {
        return threads;
    }

    /** Threads listed now (ended ones included until the next tidying). */
    int size() {
        return listed.get();
    }

    private synchronized void tidy() {
        int kept = 0;
        for (Iterator<ThreadHolds> it = threads.iterator(); it.hasNext(); ) {
            ThreadHolds holds = it.next();
            if (!holds.threadAlive() && holds.holdsNow().length == 0) {
                it.remove();
            } else {
                kept++;
            }
        }
        listed.set(kept);
        tidyAt = Math.max(TIDY_MIN, kept * 2);
    }

    /**
     * The names held now whose names (without {@code prefix}) match {@code glob}, each with the
     * threads of this JVM waiting for it, sorted by name; then the names matching that threads here
     * wait for but no thread here holds.
     *
     * @param holder this JVM's member id
     */
    List<HeldName> snapshot(String prefix, Glob glob, String holder) {
        long nowMillis = System.currentTimeMillis();
        long nowNanos = System.nanoTime();
        Map<String, Integer> waits = new TreeMap<>();
        List<HeldName> held = new ArrayList<>();
        Map<Hold, Boolean> seen = new IdentityHashMap<>();
        for (ThreadHolds holds : threads) {
            String waited = holds.waitingForNow();
            if (waited != null && waited.startsWith(prefix)) {
                String name = waited.substring(prefix.length());
                if (glob.matches(name)) {
                    waits.merge(name, 1, Integer::sum);
                }
            }
            for (Hold hold : holds.holdsNow()) {
                if (hold == null || hold.count <= 0 || seen.put(hold, Boolean.TRUE) != null) {
                    continue; // given back while read, or seen twice while the array shifted
                }
                String name = hold.fullName.substring(Math.min(prefix.length(), hold.fullName.length()));
                if (glob.matches(name)) {
                    long since = nowMillis - (nowNanos - hold.acquiredNanos) / 1_000_000;
                    held.add(new HeldName(name, holder, holds.threadName(), hold.by, since, 0));
                }
            }
        }
        held.sort(Comparator.comparing(HeldName::name).thenComparing(HeldName::thread));
        List<HeldName> rows = new ArrayList<>(held.size() + waits.size());
        for (HeldName row : held) {
            Integer waiting = waits.remove(row.name());
            rows.add(waiting == null ? row : row.withWaiting(waiting));
        }
        waits.forEach((name, waiting) -> rows.add(HeldName.waitedFor(name, waiting)));
        return rows;
    }
}
