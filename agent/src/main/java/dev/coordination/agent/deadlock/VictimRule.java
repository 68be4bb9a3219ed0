package dev.coordination.agent.deadlock;

import java.util.Collection;
import java.util.Comparator;

/**
 * Which wait of a cycle is failed to break it. Every JVM reads the same table and must pick the same
 * victim without talking to the others, so the choice is a total order over what the records carry:
 * the youngest wait first (the largest {@code waitingSinceMillis}), then the smallest member id,
 * thread id and wait id. Wait ids are unique, so no two records of one table tie.
 *
 * <p>Why the youngest: it has waited least, so failing it throws away the least waiting, and a call
 * that began waiting last has usually done the least work under the locks it holds; the older waits
 * of the cycle then go on as if the victim had come later.
 */
final class VictimRule {

    /** The victim order: a cycle's victim is its first record in this order. */
    static final Comparator<WaitRecord> ORDER = Comparator.comparingLong(WaitRecord::waitingSinceMillis)
            .reversed()
            .thenComparing(WaitRecord::memberId)
            .thenComparingLong(WaitRecord::threadId)
            .thenComparing(WaitRecord::waitId);

    private VictimRule() {}

    /** The victim among the records of one cycle (not empty). */
    static WaitRecord victimOf(Collection<WaitRecord> cycle) {
        return cycle.stream().min(ORDER).orElseThrow(() -> new IllegalArgumentException("an empty cycle"));
    }
}
