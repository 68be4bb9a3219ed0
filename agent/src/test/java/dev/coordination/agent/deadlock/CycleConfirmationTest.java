package dev.coordination.agent.deadlock;

import static dev.coordination.agent.deadlock.Waits.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CycleConfirmationTest {

    private final CycleConfirmation confirmation = new CycleConfirmation();

    /** A fresh read of the same two waits: equal records, new objects. */
    private static List<WaitCycle> scanOfOneCycle() {
        return CycleFinder.find(
                List.of(waiting("node-a", 1, 100, "b", "a"), waiting("node-b", 1, 200, "a", "b")), null);
    }

    @Test
    void aCycleSeenOnceDoesNotCount() {
        assertThat(confirmation.confirm(scanOfOneCycle())).isEmpty();
    }

    @Test
    void aCycleSeenInTwoConsecutiveScansCounts() {
        confirmation.confirm(scanOfOneCycle());

        List<WaitCycle> second = scanOfOneCycle();

        assertThat(confirmation.confirm(second)).isEqualTo(second);
    }

    @Test
    void aCycleMissingFromAScanIsForgotten() {
        confirmation.confirm(scanOfOneCycle());
        confirmation.confirm(List.of());

        assertThat(confirmation.confirm(scanOfOneCycle())).isEmpty();
        assertThat(confirmation.confirm(scanOfOneCycle())).hasSize(1);
    }

    @Test
    void theSameThreadsInNewWaitsAreANewCycle() {
        confirmation.confirm(scanOfOneCycle());
        WaitRecord nextWaitOfA = new WaitRecord(
                "node-a",
                1,
                "worker-1",
                "Service#inner()",
                "node-a/1/2",
                300,
                List.of("b"),
                List.of(new HeldEntry("a", 250, "Service#outer()")));

        List<WaitCycle> scan = CycleFinder.find(List.of(nextWaitOfA, waiting("node-b", 1, 200, "a", "b")), null);

        assertThat(scan).hasSize(1);
        assertThat(confirmation.confirm(scan)).isEmpty();
    }
}
