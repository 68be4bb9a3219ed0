package dev.coordination.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MedianRatioTest {

    private static final List<Double> BASELINE =
            List.of(1299.0, 1303.0, 1338.0, 1363.0, 1400.0, 1405.0, 1431.0, 1440.0, 1442.0, 1445.0, 1490.0, 1511.0);

    @Test
    void sameShotsGiveAnIntervalAroundOne() {
        double[] interval = MedianRatio.interval95(BASELINE, BASELINE);
        assertThat(interval[0]).isLessThan(1.0).isGreaterThan(0.9);
        assertThat(interval[1]).isGreaterThan(1.0).isLessThan(1.1);
    }

    @Test
    void shotsTwentyPercentSlowerGiveAnIntervalAboveTheGoals() {
        List<Double> slower = BASELINE.stream().map(shot -> shot * 1.2).toList();
        double[] interval = MedianRatio.interval95(slower, BASELINE);
        assertThat(interval[0]).as("low end").isGreaterThan(1.10);
        assertThat(interval[1]).as("high end").isLessThan(1.35);
        assertThat(BenchRow.judged("g", "m", 1, "ms", "b", 1.2, interval[0], interval[1], 1.10, BASELINE.size())
                        .markdown())
                .contains("**missed**");
    }

    @Test
    void theVerdictIsUndecidedWhenTheIntervalHoldsTheGoal() {
        assertThat(BenchRow.judged("g", "m", 1, "ms", "b", 1.02, 0.97, 1.08, 1.03, 12)
                        .markdown())
                .contains("<= 1.03 (95 % interval of the ratio: 0.97-1.08) | within noise |");
        assertThat(BenchRow.judged("g", "m", 1, "ms", "b", 1.01, 0.96, 1.06, 1.10, 12)
                        .markdown())
                .endsWith("| met |");
    }

    @Test
    void aRatioOfTooFewShotsIsNotJudged() {
        double[] interval = MedianRatio.interval95(List.of(1400.0), List.of(1500.0));
        assertThat(interval[0]).as("one shot each: the interval is the point").isEqualTo(interval[1]);
        assertThat(BenchRow.judged("g", "m", 1, "ms", "b", 0.93, interval[0], interval[1], 1.03, 1)
                        .markdown())
                .endsWith("| <= 1.03 (1 shots per set-up; at least 5 to judge) | not judged |");
        assertThat(BenchRow.judged("g", "m", 1, "ms", "b", 0.93, 0.9, 0.95, 1.03, 5)
                        .markdown())
                .endsWith("| met |");
    }

    @Test
    void theSameShotsAlwaysGiveTheSameInterval() {
        List<Double> other = BASELINE.stream().map(shot -> shot + 30).toList();
        assertThat(MedianRatio.interval95(other, BASELINE)).containsExactly(MedianRatio.interval95(other, BASELINE));
    }

    @Test
    void noShotsIsAnError() {
        assertThatThrownBy(() -> MedianRatio.interval95(List.of(), BASELINE)).hasMessageContaining("no shots");
    }
}
