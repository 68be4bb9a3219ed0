package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OverlapCheckTest {

    @Test
    void twoHoldersAtOnceAreReported() {
        History history = HistoryBuilder.cleanRun()
                .section("app1", "a", 5, 7.0, 7.5)
                .call("app2")
                .names("a")
                .fences(6L)
                .times(6.9, 7.2, 7.3, 7.31)
                .accepted()
                .add()
                .build();

        List<Violation> violations = new HistoryChecker().check(history);

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.OVERLAP);
            assertThat(violation.names()).containsExactly("a");
            assertThat(violation.calls()).containsExactly(new CallId("app1", 5), new CallId("app2", 4));
            assertThat(violation.jvms()).containsExactly("app1", "app2");
            assertThat(violation.fromMicros()).isEqualTo(HistoryBuilder.at(7.2));
            assertThat(violation.toMicros()).isEqualTo(HistoryBuilder.at(7.3));
            assertThat(violation.explanation()).contains("ended returned");
        });
    }

    @Test
    void earlierHolderThatLostItsLockExcusesTheOverlap() {
        History history = HistoryBuilder.cleanRun()
                .call("app1")
                .names("a")
                .fences(5L)
                .times(6.95, 7.0, 7.5, 7.6)
                .outcome(Outcome.LOST)
                .add()
                .call("app2")
                .names("a")
                .fences(6L)
                .times(6.9, 7.2, 7.3, 7.31)
                .accepted()
                .add()
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void laterHolderThatLostItsLockExcusesNothing() {
        History history = HistoryBuilder.cleanRun()
                .section("app1", "a", 5, 7.0, 7.5)
                .call("app2")
                .names("a")
                .fences(6L)
                .times(6.9, 7.2, 7.3, 7.31)
                .outcome(Outcome.LOST)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history))
                .singleElement()
                .extracting(Violation::property)
                .isEqualTo(Property.OVERLAP);
    }

    @Test
    void sectionsThatMeetButDoNotOverlapAreFine() {
        History history = HistoryBuilder.cleanRun()
                .section("app1", "a", 5, 7.0, 7.2)
                .section("app2", "a", 6, 7.2, 7.3)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void nestedReentryInsideItsParentIsNoOverlap() {
        HistoryBuilder builder = HistoryBuilder.cleanRun();
        long parent = builder.nextSeq("app2");
        History history = builder.call("app2")
                .names("a")
                .fences(5L)
                .times(7.0, 7.01, 7.2, 7.21)
                .add()
                .call("app2")
                .parent(parent)
                .names("a")
                .fences(5L)
                .times(7.05, 7.05, 7.1, 7.1)
                .add()
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void sectionOfAKilledJvmEndsAtItsDeath() {
        History history = HistoryBuilder.cleanRun()
                .call("app2")
                .names("a")
                .fences(5L)
                .times(7.0, 7.01, -1, -1)
                .add()
                .gone("app2", 7.5)
                .section("app1", "a", 6, 7.6, 7.7)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void killedHolderOverlappedWithoutAFaultAgainstItIsReported() {
        History history = HistoryBuilder.cleanRun()
                .call("app2")
                .names("a")
                .fences(5L)
                .times(7.0, 7.01, -1, -1)
                .add()
                .gone("app2", 7.5)
                .section("app1", "a", 6, 7.2, 7.3)
                .build();

        assertThat(new HistoryChecker().check(history)).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.OVERLAP);
            assertThat(violation.explanation()).contains("until its JVM died", "was killed in the section");
        });
    }

    @Test
    void killedHolderPausedWhileItHeldTheLockIsExcusedLikeALostOne() {
        History history = HistoryBuilder.cleanRun()
                .call("app2")
                .names("a")
                .fences(5L)
                .times(7.0, 7.01, -1, -1)
                .add()
                .fault("f2", FaultKind.PAUSE_LONG, "app2", 7.1, 9.5, "app1")
                .gone("app2", 9.5)
                .section("app1", "a", 6, 9.2, 9.3)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void holderThatNeverLetGoIsOneViolationForAllLaterSections() {
        History history = HistoryBuilder.cleanRun()
                .call("app2")
                .names("a")
                .fences(5L)
                .times(7.0, 7.01, -1, -1)
                .add()
                .section("app1", "a", 6, 8.0, 8.1)
                .section("app1", "a", 7, 9.0, 9.1)
                .section("app1", "a", 8, 10.0, 10.1)
                .build();

        List<Violation> violations = new HistoryChecker().check(history);

        assertThat(violations).extracting(Violation::property).containsExactly(Property.OVERLAP, Property.NEVER_ENDED);
        assertThat(violations.get(0).calls()).hasSize(4);
        assertThat(violations.get(0).explanation()).contains("never let go", "and 2 more section(s)");
    }
}
