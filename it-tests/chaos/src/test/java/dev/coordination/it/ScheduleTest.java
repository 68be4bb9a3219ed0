package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleTest {

    @ParameterizedTest
    @ValueSource(strings = {"hazelcast", "zookeeper"})
    void theSameSeedDrawsTheSameSchedule(String backend) {
        Layout layout = ChaosRun.layout(backend);
        List<PlannedFault> first = Schedule.draw(42, layout, 85_000);
        first.forEach(System.out::println);
        assertThat(first).hasSizeGreaterThan(8);
        assertThat(Schedule.draw(42, layout, 85_000)).isEqualTo(first);
        assertThat(Schedule.draw(43, layout, 85_000)).isNotEqualTo(first);
    }
}
