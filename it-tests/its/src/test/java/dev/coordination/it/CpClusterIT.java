package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The guarantees that need a real CP subsystem, on three JVMs with the agent that form one
 * Hazelcast cluster with {@code cp-member-count=3}. The cluster is slow to form, so it is started
 * once and every scenario works on lock names of its own. Exclusion at scale has a class of its own
 * ({@link ExclusionAtScale}) for its bookkeeping.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CpClusterIT {

    private ScenarioCluster cluster;
    /** The Prometheus JMX exporter's port on jvm1, which runs it with the docs' rules. */
    private int exporterPort;

    @BeforeAll
    void startCluster() throws Exception {
        exporterPort = PrometheusScrape.freePort();
        cluster = ScenarioCluster.start(
                "cp",
                3,
                "cp-member-count=3",
                number -> number == 1 ? List.of(PrometheusScrape.javaagent(exporterPort)) : List.of());
        System.out.printf("CpClusterIT: 3 CP members formed in %,d ms%n", cluster.formedMillis);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The CP health series of {@code docs/metrics/jmx-exporter.yaml}, scraped from jvm1 through the
     * real exporter while each JVM holds a lock, so each has a CP session in use in the default group.
     */
    @Test
    void prometheusExporterShowsTheCpHealthOfAMember() throws Exception {
        for (ScenarioClient jvm : cluster.jvms) {
            jvm.ok("START metrics hold metrics-" + jvm.name, 60);
        }
        try {
            Map<String, String> defaultGroup = Map.of("group", "default");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            PrometheusScrape scrape =
                    PrometheusScrape.awaitSample(exporterPort, "coordination_cp_group_sessions", defaultGroup, 30);
            while (scrape.value("coordination_cp_group_sessions", defaultGroup) < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100); // jvm1 applies the other JVMs' session openings as the group commits them
                scrape = PrometheusScrape.of(exporterPort, 30);
            }
            System.out.print("CpClusterIT: scraped from jvm1\n" + scrape.lines("coordination_cp")
                    + scrape.lines("coordination_missing"));

            assertThat(scrape.value("coordination_cp_group_sessions", defaultGroup))
                    .as("one session per JVM holding a lock")
                    .isEqualTo(3);
            assertThat(scrape.value("coordination_cp_members", Map.of())).isEqualTo(3);
            assertThat(scrape.value("coordination_missing_cp_members", Map.of()))
                    .isZero();
            assertThat(scrape.value("coordination_cp_group_term", defaultGroup)).isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("coordination_cp_group_term", Map.of("group", "METADATA")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(scrape.value("coordination_cp_group_commit_index", defaultGroup))
                    .isGreaterThan(0);
            assertThat(scrape.value("coordination_cp_group_leader_known", defaultGroup))
                    .isEqualTo(1);
            assertThat(scrape.value("coordination_cp_group_local_leader", defaultGroup))
                    .isBetween(0.0, 1.0);
            assertThat(scrape.value("coordination_lock_holders", Map.of("method", "Jobs#hold(String, Jobs.Job)")))
                    .isEqualTo(1);
        } finally {
            for (ScenarioClient jvm : cluster.jvms) {
                jvm.ok("RELEASE metrics", 60);
            }
        }
    }

    @Test
    void tenThousandSectionsOnThreeJvmsLoseNoUpdateAndFencesFollowTheSharedState() throws Exception {
        new ExclusionAtScale(cluster).runAndCheck("scale", 4, 4, 850);
    }

    @Test
    void synchronizedRemoveWithRaftFreesNamesThatThenLockExactlyAsBefore() throws Exception {
        ExclusionAtScale scale = new ExclusionAtScale(cluster);
        scale.runAndCheck("rm", 8, 2, 50);
        long fenceBefore = cluster.jvm(1).ok("TRY rm-3", 60).number("fence");

        long removed = 0;
        for (ScenarioClient jvm : cluster.jvms) {
            removed += jvm.ok("REMOVE rm-*", 60).number("removed");
        }
        assertThat(removed)
                .as("the 8 names, each recorded by every JVM that took it")
                .isGreaterThanOrEqualTo(8);
        assertThat(cluster.jvm(1).ok("REMOVE rm-*", 60).number("removed"))
                .as("nothing left to free")
                .isZero();

        for (int i = 0; i < 8; i++) {
            Files.deleteIfExists(cluster.dir.resolve("counters").resolve("rm-" + i));
        }
        scale.runAndCheck("rm", 8, 2, 50);
        long fenceAfter = cluster.jvm(2).ok("TRY rm-3", 60).number("fence");
        assertThat(fenceAfter).as("a removed name's fences go on growing").isGreaterThan(fenceBefore);
    }

    @Test
    void methodsNamingTwoLocksInOppositeOrdersNeverDeadlock() throws Exception {
        int threads = 4;
        int calls = 125;
        String command = "PAIRS %s %s " + threads + " " + calls;
        List<ScenarioClient> two = List.of(cluster.jvm(1), cluster.jvm(2));
        List<Reply> replies = ScenarioCluster.onEach(
                two,
                jvm -> jvm.ok(
                        jvm == two.get(0)
                                ? String.format(command, "dl-x", "dl-y")
                                : String.format(command, "dl-y", "dl-x"),
                        120));
        for (Reply reply : replies) {
            assertThat(reply.number("failures")).as(reply.line).isZero();
            assertThat(reply.number("calls")).as(reply.line).isEqualTo((long) threads * calls);
        }
        long counted =
                Long.parseLong(Files.readString(cluster.dir.resolve("counters").resolve("pair-dl-x-dl-y"))
                        .trim());
        assertThat(counted)
                .as("calls that bumped the pair's counter with both locks held")
                .isEqualTo(2L * threads * calls);
        System.out.printf(
                "CpClusterIT: %d two-lock calls in opposite orders on 2 JVMs: %s ms and %s ms%n",
                counted, replies.get(0).get("millis"), replies.get(1).get("millis"));
    }

    @Test
    void everyWayOutOfTheBodyReleasesTheLockForAnotherJvm() throws Exception {
        String[][] kinds = {
            {"checked", "java.io.IOException"},
            {"unchecked", "java.lang.IllegalStateException"},
            {"error", "java.lang.AssertionError"},
        };
        for (String[] kind : kinds) {
            String name = "exit-" + kind[0];
            Reply thrown = cluster.jvm(1).ok("THROW " + kind[0] + " " + name, 60);
            assertThat(thrown.get("threw"))
                    .as("the body's own exception reaches the caller")
                    .isEqualTo(kind[1]);
            assertThat(thrown.get("message")).startsWith(kind[0].equals("error") ? "an Error" : kind[0]);
            assertThat(thrown.get("suppressed"))
                    .as("nothing was lost on release: %s", thrown)
                    .isEqualTo("0");
            assertThat(thrown.get("heldAfter")).isEqualTo("false");
            Reply taken = cluster.jvm(2).send("TRY " + name, 60);
            assertThat(taken.ok)
                    .as("another JVM takes %s at once (blocking=false) after %s: %s", name, kind[1], taken)
                    .isTrue();
        }
    }

    @Test
    void interruptedWaiterFailsWithItsFlagSetRunsNothingAndHoldsNothing() throws Exception {
        String name = "interrupt-me";
        Reply holding = cluster.jvm(1).ok("START holder hold " + name, 60);
        assertThat(holding.get("state")).isEqualTo("inside");
        Reply waiting = cluster.jvm(2).ok("START waiter wait " + name, 60);
        assertThat(waiting.get("state"))
                .as("the waiter must be blocked by the holder: %s", waiting)
                .isEqualTo("waiting");

        long beforeInterrupt = System.nanoTime();
        Reply interrupted = cluster.jvm(2).ok("INTERRUPT waiter", 70);
        long interruptMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - beforeInterrupt);
        assertThat(interrupted.get("outcome")).as(interrupted.line).isEqualTo("failed");
        // Each request waits up to 2 s in the CP group; the interrupt must not wait for its end.
        assertThat(interruptMillis)
                .as("the interrupted waiter ended %d ms after the interrupt was sent", interruptMillis)
                .isLessThan(1000);
        assertThat(interrupted.get("exception")).isEqualTo("dev.coordination.LockAcquireFailedException");
        assertThat(interrupted.get("cause")).as(interrupted.line).isEqualTo("java.lang.InterruptedException");
        assertThat(interrupted.get("interrupted"))
                .as("interrupt flag set again")
                .isEqualTo("true");
        assertThat(interrupted.get("bodyRan")).isEqualTo("false");
        assertThat(interrupted.get("heldAfter")).isEqualTo("false");
        assertThat(interrupted.get("lockName")).isEqualTo(name);

        assertThat(cluster.jvm(3).send("TRY " + name, 60).ok)
                .as("still held by the holder")
                .isFalse();
        assertThat(cluster.jvm(1).ok("RELEASE holder", 70).get("outcome")).isEqualTo("ran");
        // The interrupted waiter's request stays queued in the CP group for the rest of its 2 s, so
        // the holder's release may grant it; the agent then hands the lock straight back
        // (HazelcastLock.abandon). A call that waits up to 2 s gets it once that is done; had the late
        // grant been kept, it would fail after 2 s, as the waiter's JVM keeps its session alive.
        Reply waited = cluster.jvm(3).ok("TIMED " + name, 60);
        assertThat(waited.get("outcome"))
                .as("a late grant to the interrupted waiter is handed back: %s", waited)
                .isEqualTo("ran");
        System.out.printf(
                "CpClusterIT: after the holder left, another JVM took %s in %s ms%n", name, waited.get("millis"));
        Reply after = cluster.jvm(3).send("TRY " + name, 60);
        assertThat(after.ok)
                .as("nobody holds %s once its holder left: %s", name, after)
                .isTrue();
        assertThat(after.number("fence")).isGreaterThan(holding.number("fence"));
    }

    @Test
    void reentrantCallsAndFacadeTakeTheHeldLockWithoutWaitingAndShareItsFence() throws Exception {
        String name = "reenter";
        Reply reply = cluster.jvm(1).ok("REENTER " + name, 60);
        long outer = reply.number("outer");
        assertThat(reply.number("inner"))
                .as("fence in the inner blocking=false method")
                .isEqualTo(outer);
        assertThat(reply.get("tryLock")).as("facade tryLock() on a held name").isEqualTo("true");
        assertThat(reply.number("facade"))
                .as("fence returned by the facade's lock()")
                .isEqualTo(outer);
        assertThat(reply.number("facadeFence")).isEqualTo(outer);
        assertThat(reply.get("heldAfterInner"))
                .as("the outer hold survives the inner ones")
                .isEqualTo("true");
        assertThat(reply.get("heldAfter"))
                .as("all holds given back after the outer call")
                .isEqualTo("false");

        Reply other = cluster.jvm(2).send("TRY " + name, 60);
        assertThat(other.ok)
                .as("another JVM takes the lock right after: %s", other)
                .isTrue();
        assertThat(other.number("fence")).isGreaterThan(outer);
    }
}
