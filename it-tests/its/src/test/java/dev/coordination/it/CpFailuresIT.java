package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What happens when CP members go away, on three JVMs with a CP subsystem of three: a lock lost
 * underneath a running body (its session closed by an operator), one member unreachable (locking
 * goes on), the majority unreachable (one killed, one stopped: calls fail closed within their
 * timeout, the body never runs), the stopped member back (locking resumes), and a dead member
 * replaced ({@code cp remove-missing} returns once the replacement is in every CP group, so the
 * survivor and the replacement keep the majority when a second original member dies).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CpFailuresIT {

    @Test
    @Order(1)
    void lockLostUnderARunningBodyIsReportedAndTheLockIsFreeForOthers() throws Exception {
        try (ScenarioCluster cluster = ScenarioCluster.start("cpfail-lost", 3, "cp-member-count=3")) {
            ScenarioClient holder = cluster.jvm(1);
            String memberId = holder.ok("PING", 30).get("memberId");
            holder.ok("START lost hold lost-volume", 60);
            assertThat(cluster.jvm(2).send("TRY lost-volume", 30).ok)
                    .as("held by jvm1 for now")
                    .isFalse();

            String closed = CpAdminCommand.run(cluster.dir, cluster.args, "close-sessions", memberId);
            assertThat(closed).contains("closed CP session");
            Reply other = cluster.jvm(2).ok("TRY lost-volume", 30);
            assertThat(other.number("fence"))
                    .as("another JVM takes the lock while jvm1's body still runs")
                    .isPositive();

            Reply released = holder.ok("RELEASE lost", 60);
            assertThat(released.get("outcome")).as(released.line).isEqualTo("threw");
            assertThat(released.line).contains("LockLostException").contains("lost-volume");
            assertThat(holder.jvm.output())
                    .as("the ERROR line names lock and method")
                    .containsPattern(
                            "ERROR .*Lock \"lost-volume\" held by \"Jobs#hold\\(String, Jobs.Job\\)\" .*release failures in this JVM: 1\\)");
            assertThat(holder.ok("TRY lost-volume-after", 30).number("fence"))
                    .as("jvm1 locks again (a new session)")
                    .isPositive();
        }
    }

    @Test
    @Order(2)
    void lockingGoesOnWithOneMemberGoneFailsClosedWithoutMajorityAndResumesWhenAMemberReturns() throws Exception {
        try (ScenarioCluster cluster = ScenarioCluster.start("cpfail-loss", 3, "cp-member-count=3")) {
            ScenarioClient survivor = cluster.jvm(1);
            cluster.jvm(3).jvm.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            Reply one = survivor.ok("WARMUP loss-one 60", 70);
            System.out.printf("CpFailuresIT: with 1 of 3 CP members killed, a lock took %s ms%n", one.get("millis"));

            CpAdminCommand.signal(cluster.jvm(2).jvm, "STOP");
            for (String name : new String[] {"loss-one", "loss-new-name"}) {
                Reply timed = survivor.ok("TIMED " + name, 30);
                assertThat(timed.get("outcome"))
                        .as("without a CP majority: %s", timed)
                        .isEqualTo("failed");
                assertThat(timed.get("bodyRan")).isEqualTo("false");
                assertThat(timed.number("millis"))
                        .as("timeout=2 s honoured (plus 0.2 s grace)")
                        .isBetween(1_500L, 2_700L);
                System.out.printf(
                        "CpFailuresIT: without majority, TIMED %s failed after %s ms%n", name, timed.get("millis"));
            }

            CpAdminCommand.signal(cluster.jvm(2).jvm, "CONT");
            long back = System.nanoTime();
            Reply resumed = survivor.ok("WARMUP loss-back 60", 70);
            System.out.printf(
                    "CpFailuresIT: members back; locking resumed after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back));
            assertThat(resumed.ok).isTrue();
            assertThat(cluster.jvm(2).ok("TIMED loss-back", 30).get("outcome")).isEqualTo("ran");
        }
    }

    /**
     * The second kill comes right after {@code cp remove-missing} returns, and takes the survivor that
     * leads the METADATA group: the command must not return before the replacement runs a Raft node
     * in every CP group, or the other survivor and the replacement cannot elect a leader.
     */
    @Test
    @Order(3)
    void aReplacementTakesTheSeatOfARemovedDeadMemberAndKeepsTheMajority() throws Exception {
        try (ScenarioCluster cluster = ScenarioCluster.start("cpfail-replace", 3, "cp-member-count=3")) {
            long begin = System.nanoTime();
            cluster.jvm(3).jvm.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            ScenarioClient replacement = cluster.add("jvm4");
            assertThat(awaitStatus(cluster, "MISSING"))
                    .as("the dead member is listed as missing")
                    .contains("MISSING");
            long removing = System.nanoTime();
            String replaced = CpAdminCommand.run(cluster.dir, cluster.args, "remove-missing");
            System.out.printf(
                    "CpFailuresIT: cp remove-missing took %d ms:%n%s",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - removing), replaced);
            assertThat(replaced)
                    .as("each step of the replacement, as the command saw it")
                    .contains("1 MISSING")
                    .contains("removed missing CP member")
                    .contains("took a free seat")
                    .contains("CP group METADATA: 3 members, all present, each running its Raft node")
                    .contains("CP group default: 3 members, all present, each running its Raft node")
                    .contains("done in");

            for (ScenarioClient jvm : List.of(replacement, cluster.jvm(1), cluster.jvm(2))) {
                assertThat(jvm.ok("TIMED replaced", 30).get("outcome"))
                        .as("a lock on %s", jvm.name)
                        .isEqualTo("ran");
            }
            Reply groups = cluster.jvm(1).ok("CPGROUPS", 30);
            int victim = groups.get("METADATA.role").equals("leader") ? 1 : 2;
            ScenarioClient survivor = cluster.jvm(3 - victim);
            cluster.jvm(victim).jvm.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            long killed = System.nanoTime();
            // The killed member led METADATA (and perhaps default): the groups elect new leaders
            // first, within seconds, and calls made meanwhile fail closed within their own bounds.
            // A name not used before needs both groups (its lock is looked up in METADATA).
            for (ScenarioClient jvm : List.of(survivor, replacement)) {
                assertThat(jvm.ok("WARMUP replaced-after-" + jvm.name + " 60", 70).ok)
                        .as("%s and the replacement are a majority: %s locks", survivor.name, jvm.name)
                        .isTrue();
            }
            long elected = System.nanoTime();
            for (ScenarioClient jvm : List.of(survivor, replacement)) {
                assertThat(jvm.ok("TIMED replaced-2", 30).get("outcome"))
                        .as("a timed lock on %s", jvm.name)
                        .isEqualTo("ran");
            }
            System.out.printf(
                    "CpFailuresIT: jvm%d killed (METADATA's leader was %s); %s and the replacement locked again after"
                            + " %d ms; the case took %d ms after the cluster formed%n",
                    victim,
                    groups.get("METADATA.leader"),
                    survivor.name,
                    TimeUnit.NANOSECONDS.toMillis(elected - killed),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        }
    }

    /** Runs {@code cp status} until it contains {@code wanted}. */
    private static String awaitStatus(ScenarioCluster cluster, String wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String status;
        do {
            status = CpAdminCommand.run(cluster.dir, cluster.args, "status");
            if (status.contains(wanted)) {
                return status;
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("cp status never showed " + wanted + " within 90 s; last:\n" + status);
    }
}
