package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnexpectedExceptionCheckTest {

    @Test
    void callEndedByAnExceptionOutsideTheContractIsReported() {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .shape(Shape.FACADE)
                .failed(7.0, 7.002)
                .outcome(Outcome.OTHER)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history)).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.UNEXPECTED_EXCEPTION);
            assertThat(violation.calls()).containsExactly(new CallId("app1", 5));
            assertThat(violation.explanation())
                    .contains("ended at t+7.002s with java.lang.IllegalStateException", "not one of the agent's");
        });
    }

    @Test
    void deadlockInAWorkloadWithoutCyclesIsReported() {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .failed(8.0, 8.1)
                .outcome(Outcome.DEADLOCK)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history))
                .singleElement()
                .satisfies(violation -> assertThat(violation.explanation())
                        .contains("LockDeadlockException, though the workers take names in one order"));
    }

    @Test
    void failuresTheContractNamesAreNotReported() {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .failed(7.0, 7.1)
                .outcome(Outcome.ACQUIRE_FAILED)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }
}
