package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryCheckerTest {

    @Test
    void cleanRunHasNoViolation() {
        assertThat(new HistoryChecker().check(HistoryBuilder.cleanRun().build()))
                .isEmpty();
    }

    @Test
    void emptyRunHasNoViolation() {
        assertThat(new HistoryChecker().check(new HistoryBuilder().jvm("app1").build()))
                .isEmpty();
    }

    @Test
    void violationsComeByPropertyThenTime() {
        History history = HistoryBuilder.cleanRun()
                .section("app2", "a", 4, 6.05, 6.08) // overlaps app1's section at 6.0 with a repeated fence
                .call("app1")
                .timeout(100)
                .failed(7.0, 8.0)
                .add()
                .build();

        List<Violation> violations = new HistoryChecker().check(history);

        assertThat(violations)
                .extracting(Violation::property)
                .containsExactly(Property.FENCE_ORDER, Property.OVERLAP, Property.BOUND);
    }
}
