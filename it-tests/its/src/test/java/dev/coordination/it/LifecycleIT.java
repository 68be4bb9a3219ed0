package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM that ends while it holds a lock, by {@code System.exit} or by SIGTERM, frees the lock as
 * it goes: its CP session is closed on the way out, so a JVM waiting for the lock gets it at once
 * instead of after the session TTL (60 s here, so the difference cannot be missed). And {@code
 * Coordination.stop()} makes locked calls fail closed until {@code Coordination.start()}. Three
 * JVMs with a CP subsystem of three: one leaving keeps the Raft majority.
 */
class LifecycleIT {

    private static final long TTL_SECONDS = 60;
    private static final String SETTINGS = "cp-member-count=3,session-ttl=" + TTL_SECONDS + ",heartbeat=5";
    private static final String PREFIX = "life-";

    @Test
    void stopFailsCallsClosedUntilStartAndSystemExitFreesTheLocksOfTheExitingJvm() throws Exception {
        try (ScenarioCluster cluster = ScenarioCluster.start("exit", 3, SETTINGS + ",prefix=" + PREFIX)) {
            ScenarioClient jvm = cluster.jvm(1);
            String memberId = jvm.ok("PING", 30).get("memberId");
            assertThat(memberId)
                    .as("member id = prefix + agent id (a random UUID)")
                    .matches(PREFIX + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            jvm.ok("START named hold visible", 60);
            String status = CpAdminCommand.run(cluster.dir, cluster.args, "status");
            assertThat(status)
                    .as("cp status names the JVM's CP session by its member id")
                    .contains("of " + memberId + " (");
            jvm.ok("RELEASE named", 60);

            jvm.ok("STOP", 60);
            Reply stopped = jvm.send("TRY stopped-1", 60);
            assertThat(stopped.ok)
                    .as("a locked call after Coordination.stop() fails: %s", stopped)
                    .isFalse();
            assertThat(stopped.line).contains("Coordination.stop()").contains("Coordination.start()");
            jvm.ok("RESTART", 60);
            // The member joins again first: a call that does not wait would fail within 5 s meanwhile.
            jvm.ok("WARMUP restarted 120", 130);
            Reply again = jvm.send("TRY stopped-1", 120);
            assertThat(again.ok)
                    .as("after Coordination.start() the same call locks again: %s", again)
                    .isTrue();

            exitWhileHolding(cluster, "exit", holder -> holder.send("EXIT", 30));
        }
    }

    @Test
    void sigtermFreesTheLocksOfTheEndingJvm() throws Exception {
        try (ScenarioCluster cluster = ScenarioCluster.start("sigterm", 3, SETTINGS)) {
            exitWhileHolding(cluster, "sigterm", holder -> {
                holder.jvm.process.destroy();
                return null;
            });
        }
    }

    private static void exitWhileHolding(ScenarioCluster cluster, String how, Ending ending) throws Exception {
        ScenarioClient holder = cluster.jvm(3);
        ScenarioClient waiter = cluster.jvm(2);
        String name = "life-" + how;
        Reply inside = holder.ok("START holder hold " + name, 60);
        assertThat(inside.get("state")).isEqualTo("inside");
        long holderFence = inside.number("fence");
        Reply waiting = waiter.ok("START waiter wait " + name, 60);
        assertThat(waiting.get("state"))
                .as("the waiter is blocked by the holder: %s", waiting)
                .isEqualTo("waiting");

        long ended = System.nanoTime();
        ending.end(holder);
        assertThat(holder.jvm.process.waitFor(60, TimeUnit.SECONDS))
                .as("the holder's JVM ended")
                .isTrue();
        long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended);
        Reply taken = waiter.ok("JOIN waiter " + TTL_SECONDS * 2, TTL_SECONDS * 2 + 10);
        long takenMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - ended);

        System.out.printf(
                "LifecycleIT: %s while holding: the JVM ended in %,d ms (exit code %d), the waiter"
                        + " had the lock %,d ms after (session TTL %d s)%n",
                how, exitMillis, holder.jvm.process.exitValue(), takenMillis, TTL_SECONDS);
        assertThat(taken.get("outcome")).as(taken.line).isEqualTo("ran");
        assertThat(taken.number("fence")).isGreaterThan(holderFence);
        assertThat(takenMillis)
                .as("the lock came free when the holder ended, not after the session TTL")
                .isLessThan(TimeUnit.SECONDS.toMillis(TTL_SECONDS / 2));
    }

    private interface Ending {
        Object end(ScenarioClient holder) throws Exception;
    }
}
