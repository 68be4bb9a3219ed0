package dev.coordination.agent.deadlock;

import static dev.coordination.agent.deadlock.Waits.waitIds;
import static dev.coordination.agent.deadlock.Waits.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CycleFinderTest {

    @Test
    void twoJvmsWaitingForEachOthersNamesFormOneCycleStartingAtTheYoungest() {
        WaitRecord older = waiting("node-a", 1, 100, "volume-2", "volume-1");
        WaitRecord younger = waiting("node-b", 1, 200, "volume-1", "volume-2");

        List<WaitCycle> cycles = CycleFinder.find(List.of(older, younger), null);

        assertThat(cycles).singleElement().satisfies(cycle -> {
            assertThat(cycle.edges())
                    .containsExactly(
                            new WaitEdge(
                                    younger, "volume-1", older, older.holds().get(0), false),
                            new WaitEdge(
                                    older, "volume-2", younger, younger.holds().get(0), false));
            assertThat(cycle.victim()).isEqualTo(younger);
            assertThat(cycle.memberCount()).isEqualTo(2);
        });
    }

    @Test
    void threeJvmsFormOneCycleWhateverTheOrderTheyAreRead() {
        WaitRecord a = waiting("node-a", 1, 300, "b", "a");
        WaitRecord b = waiting("node-b", 1, 100, "c", "b");
        WaitRecord c = waiting("node-c", 1, 200, "a", "c");

        List<WaitCycle> one = CycleFinder.find(List.of(a, b, c), null);
        List<WaitCycle> other = CycleFinder.find(List.of(c, a, b), null);

        assertThat(one).singleElement().satisfies(cycle -> {
            assertThat(waitIds(cycle)).containsExactly("node-a/1/1", "node-b/1/1", "node-c/1/1");
            assertThat(cycle.memberCount()).isEqualTo(3);
        });
        assertThat(other).isEqualTo(one);
    }

    @Test
    void twoThreadsOfOneJvmFormACycle() {
        WaitRecord first = waiting("node-a", 1, 100, "b", "a");
        WaitRecord second = waiting("node-a", 2, 200, "a", "b");

        assertThat(CycleFinder.find(List.of(first, second), null))
                .singleElement()
                .satisfies(cycle -> {
                    assertThat(waitIds(cycle)).containsExactly("node-a/2/1", "node-a/1/1");
                    assertThat(cycle.memberCount()).isEqualTo(1);
                });
    }

    @Test
    void aChainOfWaitsIsNoCycle() {
        WaitRecord a = waiting("node-a", 1, 100, "b", "a");
        WaitRecord b = waiting("node-b", 1, 100, "c", "b");
        WaitRecord c = waiting("node-c", 1, 100, "held-by-a-thread-that-runs", "c");

        assertThat(CycleFinder.find(List.of(a, b, c), null)).isEmpty();
    }

    @Test
    void aThreadWaitingForANameItHoldsHasNoEdgeToItself() {
        WaitRecord reentering = waiting("node-a", 1, 100, "a", "a");
        WaitRecord staleOfSameThread =
                new WaitRecord("node-a", 1, "worker-1", "Service#inner()", "node-a/1/0", 50, List.of("a"), List.of());

        WaitGraph graph = WaitGraph.of(List.of(reentering, staleOfSameThread), null);

        assertThat(graph.edgesFrom(0)).isEmpty();
        assertThat(graph.edgesFrom(1)).isEmpty();
        assertThat(CycleFinder.find(graph)).isEmpty();
    }

    @Test
    void twoIndependentCyclesAreBothFoundInVictimOrder() {
        WaitRecord a1 = waiting("node-a", 1, 100, "y", "x");
        WaitRecord b1 = waiting("node-b", 1, 150, "x", "y");
        WaitRecord a2 = waiting("node-a", 2, 300, "q", "p");
        WaitRecord b2 = waiting("node-b", 2, 250, "p", "q");

        List<WaitCycle> cycles = CycleFinder.find(List.of(a1, b1, a2, b2), null);

        assertThat(cycles)
                .map(Waits::waitIds)
                .containsExactly(List.of("node-a/2/1", "node-b/2/1"), List.of("node-b/1/1", "node-a/1/1"));
    }

    @Test
    void waitsChainedIntoACycleAreNotPartOfIt() {
        WaitRecord a = waiting("node-a", 1, 100, "b", "a");
        WaitRecord b = waiting("node-b", 1, 100, "a", "b");
        WaitRecord intoCycle = waiting("node-c", 1, 500, "a", "c");
        WaitRecord intoChain = waiting("node-d", 1, 600, "c", "d");

        assertThat(CycleFinder.find(List.of(a, b, intoCycle, intoChain), null))
                .singleElement()
                .satisfies(cycle -> assertThat(waitIds(cycle)).containsExactly("node-a/1/1", "node-b/1/1"));
    }

    @Test
    void twoCyclesThroughOneWaitAreFoundOnceEach() {
        WaitRecord hub = waiting("node-a", 1, 100, List.of("b", "c"), "a");
        WaitRecord b = waiting("node-b", 1, 200, "a", "b");
        WaitRecord c = waiting("node-c", 1, 300, "a", "c");

        List<WaitCycle> cycles = CycleFinder.find(List.of(hub, b, c), null);

        assertThat(cycles)
                .map(Waits::waitIds)
                .containsExactly(List.of("node-c/1/1", "node-a/1/1"), List.of("node-b/1/1", "node-a/1/1"));
    }

    @Test
    void namesSharingAStripeFormACycleMarkedAsStripeEdge() {
        Function<String, Object> stripeOf = name -> name.startsWith("volume-") ? "stripe-5" : name;
        WaitRecord a = waiting("node-a", 1, 100, "volume-3", "snapshot-1");
        WaitRecord b = waiting("node-b", 1, 200, "snapshot-1", "volume-9");

        List<WaitCycle> cycles = CycleFinder.find(List.of(a, b), stripeOf);

        assertThat(CycleFinder.find(List.of(a, b), null)).isEmpty();
        assertThat(cycles)
                .singleElement()
                .satisfies(cycle -> assertThat(cycle.edges())
                        .containsExactly(
                                new WaitEdge(b, "snapshot-1", a, a.holds().get(0), false),
                                new WaitEdge(a, "volume-3", b, b.holds().get(0), true)));
    }

    @Test
    void aSameNameEdgeIsPreferredOverAStripeEdgeToTheSameHolder() {
        Function<String, Object> stripeOf = name -> "one-stripe";
        WaitRecord holder = waiting("node-b", 1, 100, "elsewhere", "volume-9", "volume-3");
        WaitRecord waiter = waiting("node-a", 1, 200, "volume-3");

        WaitGraph graph = WaitGraph.of(List.of(holder, waiter), stripeOf);

        assertThat(graph.node(0)).isEqualTo(waiter);
        assertThat(graph.edgesFrom(0))
                .containsExactly(
                        new WaitEdge(waiter, "volume-3", holder, holder.holds().get(1), false));
    }

    @Test
    void aDuplicateWaitIdIsReadOnce() {
        WaitRecord a = waiting("node-a", 1, 100, "b", "a");
        WaitRecord b = waiting("node-b", 1, 200, "a", "b");

        assertThat(WaitGraph.of(List.of(a, b, a), null).size()).isEqualTo(2);
        assertThat(CycleFinder.find(List.of(a, b, a), null)).hasSize(1);
    }
}
