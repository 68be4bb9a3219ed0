package dev.coordination.agent.deadlock;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lets a cycle count only once two consecutive scans saw it. A table read can be stale: a record of a
 * wait that has just ended, next to a newer wait of another thread, can look like a cycle for one
 * read. A true deadlock does not change between scans, and every new wait has a new wait id, so the
 * same set of wait ids in two reads in a row is the same deadlock. Cycles missing from a scan are
 * forgotten, so one seen, then not, then again needs two more scans.
 *
 * <p>One instance per JVM's detector, fed by one scanning thread; not thread-safe.
 */
final class CycleConfirmation {

    private Set<Set<String>> seenLastScan = Set.of();

    /** Takes one scan's cycles; returns those the previous scan saw too, in this scan's order. */
    List<WaitCycle> confirm(List<WaitCycle> scan) {
        Set<Set<String>> seen = new HashSet<>();
        List<WaitCycle> confirmed = new ArrayList<>();
        for (WaitCycle cycle : scan) {
            Set<String> waitIds = cycle.waitIds();
            if (seen.add(waitIds) && seenLastScan.contains(waitIds)) {
                confirmed.add(cycle);
            }
        }
        seenLastScan = seen;
        return confirmed;
    }
}
