package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MajorityTest {

    private static final Layout HAZELCAST = HazelcastTopology.LAYOUT;
    private static final Layout ZOOKEEPER = ZooKeeperTopology.LAYOUT;

    @Test
    void anIsolatedMemberIsOffTheMajoritySideAndEveryoneElseOnIt() {
        assertThat(Majority.of(isolate(HAZELCAST, 2), HAZELCAST)).containsExactly(1, 3, 4, 5);
    }

    @Test
    void underABridgeOnlyTheBridgeAndTheClientsThatReachItKeepAMajority() {
        Set<Cut> cuts = across(Set.of(1, 4), Set.of(2, 5)); // 3 sees both sides
        assertThat(Majority.of(cuts, HAZELCAST)).containsExactly(3, 4, 5);
    }

    @Test
    void twoMembersThatStillHearEachOtherAreAMajorityOfTheirOwn() {
        Set<Cut> cuts = new TreeSet<>();
        for (int deaf : new int[] {1, 3}) {
            for (int other : new int[] {2, 4, 5}) {
                cuts.add(new Cut(other, deaf));
            }
        }
        assertThat(Majority.of(cuts, HAZELCAST)).containsExactly(1, 3);
    }

    @Test
    void halvesWithoutAMajorityOfServersLeaveNoApplicationOnTheMajoritySide() {
        Set<Cut> cuts = across(Set.of(1, 4, 5), Set.of(2, 6));
        cuts.addAll(isolate(ZOOKEEPER, 3));
        assertThat(Majority.of(cuts, ZOOKEEPER)).isEmpty();
    }

    @Test
    void stoppingOneQuorumHostKeepsTheOthersAndTwoDoNot() {
        assertThat(Majority.without(Set.of(1), HAZELCAST)).containsExactly(2, 3, 4, 5);
        assertThat(Majority.without(Set.of(1, 2), HAZELCAST)).isEmpty();
        assertThat(Majority.without(Set.of(2), ZOOKEEPER)).containsExactly(4, 5, 6);
    }

    private static Set<Cut> isolate(Layout layout, int host) {
        return new TreeSet<>(Partitions.isolate(host, layout));
    }

    private static Set<Cut> across(Set<Integer> a, Set<Integer> b) {
        Set<Cut> cuts = new TreeSet<>();
        for (int x : a) {
            for (int y : b) {
                cuts.add(new Cut(x, y));
                cuts.add(new Cut(y, x));
            }
        }
        return cuts;
    }
}
