package dev.coordination.agent.deadlock;

import static dev.coordination.agent.deadlock.Waits.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VictimRuleTest {

    @Test
    void theYoungestWaitIsTheVictim() {
        WaitRecord oldest = waiting("node-a", 1, 100, "x");
        WaitRecord youngest = waiting("node-c", 9, 300, "x");
        WaitRecord middle = waiting("node-b", 5, 200, "x");

        assertThat(VictimRule.victimOf(List.of(oldest, youngest, middle))).isEqualTo(youngest);
    }

    @Test
    void equallyYoungWaitsGoToTheSmallestMemberId() {
        WaitRecord b = waiting("node-b", 1, 100, "x");
        WaitRecord a = waiting("node-a", 2, 100, "x");

        assertThat(VictimRule.victimOf(List.of(b, a))).isEqualTo(a);
    }

    @Test
    void thenToTheSmallestThreadIdAsANumber() {
        WaitRecord ten = waiting("node-a", 10, 100, "x");
        WaitRecord nine = waiting("node-a", 9, 100, "x");

        assertThat(VictimRule.victimOf(List.of(ten, nine))).isEqualTo(nine);
    }

    @Test
    void thenToTheSmallestWaitId() {
        WaitRecord second =
                new WaitRecord("node-a", 1, "worker-1", "Service#inner()", "node-a/1/2", 100, List.of("x"), List.of());
        WaitRecord first =
                new WaitRecord("node-a", 1, "worker-1", "Service#inner()", "node-a/1/1", 100, List.of("x"), List.of());

        assertThat(VictimRule.victimOf(List.of(second, first))).isEqualTo(first);
    }

    @Test
    void theOrderIsTheSameWhateverTheOrderOfTheRecords() {
        List<WaitRecord> records = List.of(
                waiting("node-b", 2, 100, "x"),
                waiting("node-a", 3, 100, "x"),
                waiting("node-a", 2, 100, "x"),
                waiting("node-c", 1, 50, "x"));

        assertThat(records.stream().sorted(VictimRule.ORDER).map(WaitRecord::waitId))
                .containsExactly("node-a/2/1", "node-a/3/1", "node-b/2/1", "node-c/1/1");
    }
}
