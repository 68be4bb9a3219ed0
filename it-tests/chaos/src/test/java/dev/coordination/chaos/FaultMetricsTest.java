package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FaultMetricsTest {

    @Test
    void callInTwoFaultsCountsForEachKindAndOnceOverall() {
        History history = new HistoryBuilder()
                .jvm("app1")
                .jvm("app2")
                .fault("f1", FaultKind.ISOLATE, "app2", 2, 6, "app1")
                .fault("f2", FaultKind.KILL, "app2", 3, 3.1, "app1")
                .section("app1", "a", 1, 3.5, 3.6)
                .call("app1")
                .timeout(100)
                .failed(4, 4.1)
                .add()
                .call("app2") // the minority side does not count
                .timeout(100)
                .failed(4, 4.1)
                .add()
                .end(10)
                .build();

        FaultMetrics metrics = FaultMetrics.of(history);

        assertThat(metrics.majorityShares().get(FaultKind.ISOLATE)).isEqualTo(new FaultMetrics.Share(1, 2));
        assertThat(metrics.majorityShares().get(FaultKind.KILL)).isEqualTo(new FaultMetrics.Share(0, 0));
        assertThat(metrics.overallShare()).isEqualTo(new FaultMetrics.Share(1, 2));
    }

    @Test
    void timeToNextHolderIsMeasuredPerNameWithMedianAndMax() {
        History history = new HistoryBuilder()
                .jvm("app1")
                .fault("f1", FaultKind.ISOLATE, "app1", 2, 3, "-")
                .fault("f2", FaultKind.ISOLATE, "app1", 10, 11, "-")
                .section("app1", "a", 1, 4, 4.1)
                .section("app1", "b", 1, 5, 5.1)
                .section("app1", "a", 2, 10.5, 10.6)
                .end(20)
                .build();

        FaultMetrics.NextHolder isolate = FaultMetrics.of(history).nextHolders().get(FaultKind.ISOLATE);

        assertThat(isolate.faults()).isEqualTo(2);
        assertThat(isolate.delaysMicros()).containsExactly(2_000_000L, 3_000_000L, 500_000L);
        assertThat(isolate.withoutNext()).isEqualTo(1); // b after f2
        assertThat(isolate.medianMicros()).isEqualTo(2_000_000L);
        assertThat(isolate.maxMicros()).isEqualTo(3_000_000L);
    }
}
