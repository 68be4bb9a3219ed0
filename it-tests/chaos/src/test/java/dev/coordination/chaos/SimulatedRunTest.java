package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedRunTest {

    @Test
    void runOfRealSizeThatKeepsEveryPromisePasses() {
        History history = SimulatedRun.build(false).build();

        assertThat(history.calls()).hasSizeGreaterThan(3000);
        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void eachFaultPutIntoARunOfRealSizeIsFoundAndNothingElse() {
        History history = SimulatedRun.build(true).build();

        List<Violation> violations = new HistoryChecker().check(history);

        assertThat(violations)
                .extracting(Violation::property)
                .containsExactly(Property.LOST_UPDATE, Property.FENCE_ORDER, Property.OVERLAP, Property.BOUND);
    }
}
