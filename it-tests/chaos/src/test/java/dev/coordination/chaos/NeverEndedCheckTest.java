package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NeverEndedCheckTest {

    @Test
    void waitingCallOfAJvmAliveAtTheEndIsReported() {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .timeout(1000)
                .failed(7.0, -1)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history)).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.NEVER_ENDED);
            assertThat(violation.calls()).containsExactly(new CallId("app1", 5));
            assertThat(violation.explanation()).contains("still waiting for its locks", "app1 was still there");
        });
    }

    @Test
    void bodyThatNeverReturnedIsReported() {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .names("b")
                .fences(3L)
                .times(7.0, 7.1, -1, -1)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history))
                .singleElement()
                .satisfies(
                        violation -> assertThat(violation.explanation()).contains("its body had run since t+7.100s"));
    }

    @Test
    void unfinishedCallOfAJvmStoppedAfterTheEndIsStillReported() {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .failed(7.0, -1)
                .add()
                .gone("app1", 21)
                .build();

        assertThat(new HistoryChecker().check(history))
                .singleElement()
                .extracting(Violation::property)
                .isEqualTo(Property.NEVER_ENDED);
    }

    @Test
    void unfinishedCallOfAKilledJvmIsNotReported() {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .failed(7.0, -1)
                .add()
                .gone("app1", 8)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }
}
