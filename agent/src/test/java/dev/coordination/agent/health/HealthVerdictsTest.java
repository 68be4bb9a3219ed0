package dev.coordination.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.agent.health.HealthVerdicts.Answer;
import dev.coordination.agent.health.MemberFacts.Stage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HealthVerdictsTest {

    private static final long FRESH = TimeUnit.MILLISECONDS.toNanos(400);

    private static MemberFacts cp(int members, boolean formed, String problem) {
        return new MemberFacts(Stage.RUNNING, "locks", members, 3, formed, problem);
    }

    @Test
    void aStartingMemberIsLiveButNotReady() {
        assertThat(HealthVerdicts.live(null, FRESH)).isEqualTo(new Answer(200, "live: starting"));
        assertThat(HealthVerdicts.ready(null, FRESH)).isEqualTo(new Answer(503, "starting: not checked yet"));
        MemberFacts joining = MemberFacts.starting("locks", 3);
        assertThat(HealthVerdicts.live(joining, FRESH).status()).isEqualTo(200);
        assertThat(HealthVerdicts.ready(joining, FRESH))
                .isEqualTo(new Answer(503, "starting: joining cluster \"locks\" (checked 0.4s ago)"));
    }

    @Test
    void aFormingCpSubsystemIsNotReadyAndSaysHowManyCpMembersAreThere() {
        assertThat(HealthVerdicts.ready(cp(2, false, null), FRESH))
                .isEqualTo(new Answer(503, "forming: 2 of 3 CP members (checked 0.4s ago)"));
        assertThat(HealthVerdicts.ready(cp(5, false, null), FRESH).line()).startsWith("forming: 3 of 3 CP members");
        assertThat(HealthVerdicts.live(cp(2, false, null), FRESH).status()).isEqualTo(200);
    }

    @Test
    void aServingCpSubsystemIsReady() {
        assertThat(HealthVerdicts.ready(cp(3, true, null), FRESH))
                .isEqualTo(new Answer(200, "ready: CP subsystem of 3 serves, 3 member(s) (checked 0.4s ago)"));
    }

    @Test
    void aCpGroupWithoutItsMajorityMakesTheMemberNotReadyButStillLive() {
        MemberFacts lost = cp(1, true, "CP group default has no majority: no answer within 2.0s");
        assertThat(HealthVerdicts.ready(lost, FRESH))
                .isEqualTo(
                        new Answer(503, "CP group default has no majority: no answer within 2.0s (checked 0.4s ago)"));
        assertThat(HealthVerdicts.live(lost, FRESH))
                .isEqualTo(new Answer(200, "live: member running (checked 0.4s ago)"));
    }

    @Test
    void unsafeModeIsReadyUnlessItRefusesLocks() {
        MemberFacts alone = new MemberFacts(Stage.RUNNING, "locks", 1, 0, false, null);
        assertThat(HealthVerdicts.ready(alone, FRESH).line())
                .isEqualTo("ready: 1 member(s), CP unsafe mode (cp-member-count=0) (checked 0.4s ago)");
        MemberFacts refusing = new MemberFacts(Stage.RUNNING, "locks", 2, 0, false, "cluster has 2 members");
        assertThat(HealthVerdicts.ready(refusing, FRESH))
                .isEqualTo(new Answer(503, "refusing locks: cluster has 2 members (checked 0.4s ago)"));
    }

    @Test
    void aMemberShuttingDownIsNotReadyAndOneStoppedIsNotLive() {
        MemberFacts leaving = MemberFacts.at(Stage.SHUTTING_DOWN, "locks", 3);
        assertThat(HealthVerdicts.ready(leaving, FRESH)).isEqualTo(new Answer(503, "shutting down (checked 0.4s ago)"));
        assertThat(HealthVerdicts.live(leaving, FRESH).status()).isEqualTo(200);
        MemberFacts stopped = MemberFacts.at(Stage.STOPPED, "locks", 3);
        assertThat(HealthVerdicts.ready(stopped, FRESH).status()).isEqualTo(503);
        assertThat(HealthVerdicts.live(stopped, FRESH).line()).startsWith("not live: the Hazelcast member has stopped");
        assertThat(HealthVerdicts.live(stopped, FRESH).status()).isEqualTo(503);
    }

    @Test
    void anOldVerdictMeansNotReadyAndAMuchOlderOneNotLive() {
        MemberFacts serving = cp(3, true, null);
        long justFresh = HealthVerdicts.READY_STALE_NANOS;
        assertThat(HealthVerdicts.ready(serving, justFresh).status()).isEqualTo(200);
        assertThat(HealthVerdicts.ready(serving, justFresh + 1))
                .isEqualTo(new Answer(503, "unknown: the last check is 5.0s old"));
        assertThat(HealthVerdicts.live(serving, HealthVerdicts.LIVE_STALE_NANOS).status())
                .isEqualTo(200);
        assertThat(HealthVerdicts.live(serving, HealthVerdicts.LIVE_STALE_NANOS + TimeUnit.SECONDS.toNanos(1)))
                .isEqualTo(new Answer(503, "wedged: no health check for 21.0s"));
        assertThat(HealthVerdicts.live(null, HealthVerdicts.LIVE_STALE_NANOS + 1)
                        .status())
                .as("a first check that never comes")
                .isEqualTo(503);
    }
}
