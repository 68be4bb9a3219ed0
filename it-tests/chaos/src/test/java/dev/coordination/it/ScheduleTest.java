package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleTest {

    @ParameterizedTest
    @ValueSource(strings = {"hazelcast", "zookeeper"})
    void theSameSeedDrawsTheSameSchedule(String backend) {
        Layout layout = ChaosRun.layout(backend);
        List<PlannedFault> first = Schedule.draw(42, layout, 85_000);
        assertThat(first).hasSizeGreaterThan(8);
        assertThat(Schedule.draw(42, layout, 85_000)).isEqualTo(first);
        assertThat(Schedule.draw(43, layout, 85_000)).isNotEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hazelcast", "zookeeper"})
    void faultsOverlapWithinTheRules(String backend) {
        Layout layout = ChaosRun.layout(backend);
        int overlapping = 0;
        for (long seed = 1; seed <= 200; seed++) {
            List<PlannedFault> faults = Schedule.draw(seed, layout, 600_000);
            for (PlannedFault a : faults) {
                long active = faults.stream()
                        .filter(b -> b.atMillis() <= a.atMillis() && busyUntil(b) > a.atMillis())
                        .count();
                assertThat(active)
                        .as("faults in force when %s starts (seed %d)", a, seed)
                        .isLessThanOrEqualTo(Schedule.MAX_ACTIVE);
                for (PlannedFault b : faults) {
                    if (a == b || !(a.atMillis() < busyUntil(b) && b.atMillis() < busyUntil(a))) {
                        continue;
                    }
                    overlapping++;
                    if (a.kind() == FaultKind.REPLACE_MEMBER) {
                        assertThat(b.touchesQuorum(layout))
                                .as("%s beside %s (seed %d)", b, a, seed)
                                .isFalse();
                    }
                    if (!a.kind().network && !b.kind().network) {
                        assertThat(a.hosts())
                                .as("%s beside %s (seed %d)", a, b, seed)
                                .doesNotContainAnyElementsOf(b.hosts());
                    }
                }
            }
        }
        assertThat(overlapping).as("faults that overlap another").isGreaterThan(1_000);
    }

    @Test
    void mostShortHazelcastRunsReplaceAMember() {
        long replacing = LongStream.rangeClosed(1, 100)
                .filter(seed ->
                        Schedule.draw(seed, HazelcastTopology.LAYOUT, ChaosSettings.SHORT_WINDOW_MILLIS).stream()
                                .anyMatch(fault -> fault.kind() == FaultKind.REPLACE_MEMBER))
                .count();
        assertThat(replacing)
                .as("short Hazelcast schedules with a member replacement, of 100")
                .isBetween(60L, 95L);
    }

    private static long busyUntil(PlannedFault fault) {
        return switch (fault.kind()) {
            case KILL, ZK_KILL, ZK_RESTART -> fault.endMillis() + Schedule.RESTART_MILLIS;
            default -> fault.endMillis();
        };
    }
}
