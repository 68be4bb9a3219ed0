package dev.coordination.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecoveryCheckTest {

    @Test
    void jvmThatDidNotLockSoonAfterTheHealIsReported() {
        History history = new HistoryBuilder()
                .jvm("app1")
                .jvm("app2")
                .section("app1", "a", 1, 2.0, 2.1)
                .heal(5)
                .section("app1", "a", 2, 6.0, 6.1)
                .section("app2", "a", 3, 15.5, 15.6)
                .end(20)
                .build();

        assertThat(new HistoryChecker().check(history)).singleElement().satisfies(violation -> {
            assertThat(violation.property()).isEqualTo(Property.RECOVERY);
            assertThat(violation.jvms()).containsExactly("app2");
            assertThat(violation.fromMicros()).isEqualTo(HistoryBuilder.at(5));
            assertThat(violation.toMicros()).isEqualTo(HistoryBuilder.at(15));
            assertThat(violation.explanation())
                    .contains("app2 did not lock within", "the heal at t+5.000s", "app2:1", "10.50 s later");
        });
    }

    @Test
    void failedCallsAfterTheHealDoNotCount() {
        History history = HistoryBuilder.cleanRun()
                .call("app2")
                .timeout(1000)
                .failed(5.0, 6.0)
                .add()
                .build();
        History withoutSuccess = new HistoryBuilder()
                .jvm("app1")
                .jvm("app2")
                .heal(5)
                .section("app1", "a", 1, 6.0, 6.1)
                .call("app2")
                .timeout(1000)
                .failed(5.0, 6.0)
                .add()
                .end(20)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
        assertThat(new HistoryChecker().check(withoutSuccess))
                .singleElement()
                .satisfies(
                        violation -> assertThat(violation.explanation()).contains("no call of it returned after that"));
    }

    @Test
    void withoutAHealNothingIsChecked() {
        History history = new HistoryBuilder()
                .jvm("app1")
                .section("app1", "a", 1, 2.0, 2.1)
                .end(60)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void killedJvmNeedNotRecover() {
        History history = new HistoryBuilder()
                .jvm("app1")
                .jvm("app2")
                .heal(5)
                .section("app1", "a", 1, 6.0, 6.1)
                .gone("app2", 4)
                .end(20)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void jvmReadyAfterTheHealIsGivenTheWindowFromItsReadiness() {
        History history = new HistoryBuilder()
                .jvm("app1")
                .jvm("app3", JvmRole.APP, 8, 12)
                .heal(5)
                .section("app1", "a", 1, 6.0, 6.1)
                .section("app3", "a", 2, 21.0, 21.1)
                .end(30)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void jvmWhoseFirstLockNeverCameIsJudgedFromItsStartAndReportedWhenItDidNotLock() {
        History history = new HistoryBuilder()
                .jvm("app1")
                .jvm("app3", JvmRole.APP, 8, -1)
                .heal(5)
                .section("app1", "a", 1, 6.0, 6.1)
                .end(30)
                .build();

        assertThat(new HistoryChecker().check(history))
                .singleElement()
                .satisfies(violation -> assertThat(violation.explanation())
                        .startsWith("app3 did not lock within 10.00 s of its start at")
                        .endsWith("(its first lock never came within the runner's bound)"));
    }

    @Test
    void jvmWhoseFirstLockCameLateButThatLockedSoonAfterTheHealRecovered() {
        History history = new HistoryBuilder()
                .jvm("app1")
                .jvm("app3", JvmRole.APP, 1, -1)
                .heal(5)
                .section("app1", "a", 1, 6.0, 6.1)
                .section("app3", "a", 2, 7.0, 7.1)
                .end(30)
                .build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void membersWithoutWorkloadNeedNotLock() {
        History history =
                HistoryBuilder.cleanRun().jvm("member1", JvmRole.MEMBER, 0, 1).build();

        assertThat(new HistoryChecker().check(history)).isEmpty();
    }

    @Test
    void runEndingBeforeTheWindowClosedSaysSo() {
        History history = new HistoryBuilder().jvm("app1").heal(5).end(8).build();

        assertThat(new HistoryChecker().check(history))
                .singleElement()
                .satisfies(
                        violation -> assertThat(violation.explanation()).contains("the run ended 3000.0 ms after it"));
    }
}
