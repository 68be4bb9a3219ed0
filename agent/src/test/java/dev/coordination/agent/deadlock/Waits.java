package dev.coordination.agent.deadlock;

import java.util.Arrays;
import java.util.List;

/** Wait records for tests: thread "worker-N" (#N), wait id member/N/1, holds taken a second before the wait. */
final class Waits {

    private Waits() {}

    static WaitRecord waiting(String member, long thread, long sinceMillis, String waitsFor, String... holds) {
        return waiting(member, thread, sinceMillis, List.of(waitsFor), holds);
    }

    static WaitRecord waiting(String member, long thread, long sinceMillis, List<String> waitsFor, String... holds) {
        return new WaitRecord(
                member,
                thread,
                "worker-" + thread,
                "Service#inner()",
                member + "/" + thread + "/1",
                sinceMillis,
                waitsFor,
                Arrays.stream(holds)
                        .map(name -> new HeldEntry(name, sinceMillis - 1000, "Service#outer()"))
                        .toList());
    }

    /** The wait ids of a cycle's waiters, in the cycle's order. */
    static List<String> waitIds(WaitCycle cycle) {
        return cycle.edges().stream().map(edge -> edge.waiter().waitId()).toList();
    }
}
