package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoundCheckTest {

    @Test
    void timeoutCallFailingPastItsTimeoutAndSlackIsReported() {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .timeout(2000)
                .failed(7.0, 9.25)
                .add()
                .build();

        List<Violation> violations = new HistoryChecker().check(history);

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.BOUND);
            assertThat(violation.calls()).containsExactly(new CallId("app1", 5));
            assertThat(violation.fromMicros()).isEqualTo(HistoryBuilder.at(7.0));
            assertThat(violation.toMicros()).isEqualTo(HistoryBuilder.at(9.25));
            assertThat(violation.explanation())
                    .contains("timeout, timeout 2000 ms", "waited 2250.0 ms", "acquire-failed", "2200.0 ms");
        });
    }

    @Test
    void timeoutCallFailingWithinTheSlackIsFine() {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .timeout(2000)
                .failed(7.0, 9.19)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void waitUntilTheBodyBeganIsWhatCounts() {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .timeout(500)
                .names("b")
                .fences(3L)
                .times(7.0, 7.8, 20.0, 20.1) // a long body is no wait
                .accepted()
                .add()
                .build();

        assertThat(new HistoryChecker().check(history))
                .singleElement()
                .satisfies(violation -> assertThat(violation.explanation()).contains("waited 800.0 ms", "got it"));
    }

    @Test
    void timePausedIsTakenOffTheWait() {
        History history = HistoryBuilder.cleanRun()
                .fault("f2", FaultKind.PAUSE_LONG, "app1", 7.5, 9.5, "app2")
                .fault("f3", FaultKind.PAUSE_SHORT, "app1", 9.0, 10.0, "app2") // overlaps f2: counted once
                .call("app1")
                .timeout(1000)
                .failed(7.0, 10.5)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void pausesOfOtherJvmsAreNotTakenOff() {
        History history = HistoryBuilder.cleanRun()
                .fault("f2", FaultKind.PAUSE_LONG, "app2", 7.5, 9.5, "app1")
                .call("app1")
                .timeout(1000)
                .failed(7.0, 10.5)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history))
                .singleElement()
                .extracting(Violation::property)
                .isEqualTo(Property.BOUND);
    }

    @Test
    void callOfAJvmKilledMidCallIsNotJudged() {
        History history = HistoryBuilder.cleanRun()
                .call("app2")
                .timeout(100)
                .failed(7.0, -1)
                .add()
                .gone("app2", 12)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void tryCallHasFiveSeconds() {
        History within = HistoryBuilder.cleanRun()
                .call("app1")
                .shape(Shape.TRY)
                .failed(7.0, 11.9)
                .add()
                .build();
        History past = HistoryBuilder.cleanRun()
                .call("app1")
                .shape(Shape.TRY)
                .failed(7.0, 12.1)
                .add()
                .build();

        assertThat(new HistoryChecker().check(within)).isEmpty();
        assertThat(new HistoryChecker().check(past))
                .singleElement()
                .satisfies(violation -> assertThat(violation.explanation()).contains("(try)", "bound is 5000.0 ms"));
    }

    @Test
    void blockingCallHasTheSilentClusterBound() {
        History within = HistoryBuilder.cleanRun()
                .call("app1")
                .failed(7.0, 39.1)
                .add()
                .end(60)
                .build();
        History past = HistoryBuilder.cleanRun()
                .call("app1")
                .failed(7.0, 39.3)
                .add()
                .end(60)
                .build();

        assertThat(new HistoryChecker().check(within)).isEmpty();
        assertThat(new HistoryChecker().check(past))
                .singleElement()
                .extracting(Violation::property)
                .isEqualTo(Property.BOUND);
    }

    @Test
    void blockingCallCountsItsWaitFromTheLastGrantOrReleaseOfItsNameByAnotherCall() {
        History heldForLong = HistoryBuilder.cleanRun()
                .section("app2", "a", 100L, 8.0, 20.0)
                .call("app1")
                .failed(7.0, 52.1) // 32.1 s after app2's body ended on a
                .add()
                .end(60)
                .build();
        History silentAfter = HistoryBuilder.cleanRun()
                .section("app2", "a", 100L, 8.0, 20.0)
                .call("app1")
                .failed(7.0, 52.3)
                .add()
                .end(60)
                .build();
        History otherName = HistoryBuilder.cleanRun()
                .section("app2", "b", 100L, 8.0, 20.0)
                .call("app1")
                .failed(7.0, 40.0)
                .add()
                .end(60)
                .build();

        assertThat(new HistoryChecker().check(heldForLong)).isEmpty();
        assertThat(new HistoryChecker().check(silentAfter)).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.BOUND);
            assertThat(violation.fromMicros()).isEqualTo(HistoryBuilder.at(20.0));
            assertThat(violation.explanation()).contains("after the last grant or release");
        });
        assertThat(new HistoryChecker().check(otherName))
                .as("another name's activity says nothing about this one's")
                .singleElement()
                .extracting(Violation::property)
                .isEqualTo(Property.BOUND);
    }

    @Test
    void blockingCallDoesNotCountTimeItsJvmSpentOnTheMajoritySideOfFaults() {
        History history = HistoryBuilder.cleanRun()
                .fault("f2", FaultKind.ISOLATE, "app2", 10.0, 40.0, "app1")
                .heal(40.0)
                .call("app1")
                .failed(7.0, 60.0) // 53 s, 30 of them beside a cluster that answers
                .add()
                .section("app1", "c", 1, 41.0, 41.1)
                .section("app2", "c", 2, 41.2, 41.3)
                .end(70)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void blockingCallCutOffFromTheClusterIsHeldToItsBound() {
        History history = HistoryBuilder.cleanRun()
                .fault("f2", FaultKind.ISOLATE, "app1", 10.0, 50.0, "app2")
                .fault("f3", FaultKind.PAUSE_SHORT, "app2", 12.0, 14.0, "app1")
                .heal(50.0)
                .call("app1")
                .failed(7.0, 45.0) // cut off all the while, also while app2 was stopped
                .add()
                .section("app1", "c", 1, 51.0, 51.1)
                .section("app2", "c", 2, 51.2, 51.3)
                .end(70)
                .build();

        assertThat(new HistoryChecker().check(history)).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.BOUND);
            assertThat(violation.explanation()).contains("waited 38.00 s").doesNotContain("majority side");
        });
    }

    @Test
    void blockingCallMadeBeforeItsJvmWasReadyHasTheStartupBound() {
        History history = new HistoryBuilder()
                .jvm("app1", JvmRole.CLIENT, 0, 60)
                .call("app1")
                .names("a")
                .fences(1L)
                .times(0.5, 59.0, 59.1, 59.2)
                .accepted()
                .add()
                .end(70)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void otherShapesCarryingATimeoutAreHeldToIt() {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .shape(Shape.TWO)
                .names("a", "b")
                .timeout(300)
                .failed(7.0, 7.6)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history)).singleElement().satisfies(violation -> {
            assertThat(violation.explanation()).contains("(two, timeout 300 ms)");
            assertThat(violation.names()).containsExactly("a", "b");
        });
    }

    @Test
    void boundsAreTheCheckersParameters() {
        History history =
                HistoryBuilder.cleanRun().call("app1").failed(7.0, 9.0).add().build();

        assertThat(new HistoryChecker(Limits.DEFAULTS.withBlockingMicros(1_000_000)).check(history))
                .singleElement()
                .satisfies(violation -> assertThat(violation.explanation()).contains("bound is 1000.0 ms"));
    }
}
