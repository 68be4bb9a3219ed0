package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A holder that dies inside its section (SIGKILL: no shutdown hook, no goodbye to the cluster) must
 * not keep its lock: its CP session expires {@code session-ttl} seconds after its last heartbeat,
 * and a JVM already waiting gets the lock, with a larger fence. Three JVMs with a CP subsystem of
 * three, so the two survivors keep a Raft majority after the kill. The default build runs it with
 * a 5 s TTL; the default TTL (30 s) runs only with {@code -Dit.crash.default-ttl=true}:
 * {@code mvn -B verify -pl it-tests/its -am -Dit.test=HolderCrashIT -Dit.crash.default-ttl=true}.
 */
class HolderCrashIT {

    /** Beyond the TTL: failure detection, Raft leader election when the leader died, the next try. */
    private static final long BOUND_AFTER_TTL_SECONDS = 30;

    @Test
    void waiterGetsTheLockOfAKilledHolderAfterAShortSessionTtl() throws Exception {
        crashAndMeasure("crash5", 5, 1);
    }

    @Test
    @EnabledIfSystemProperty(named = "it.crash.default-ttl", matches = "true")
    void waiterGetsTheLockOfAKilledHolderAfterTheDefaultSessionTtl() throws Exception {
        crashAndMeasure("crash30", 30, 5);
    }

    private static void crashAndMeasure(String test, long ttl, long heartbeat) throws Exception {
        String settings = "cp-member-count=3,session-ttl=" + ttl + ",heartbeat=" + heartbeat;
        try (ScenarioCluster cluster = ScenarioCluster.start(test, 3, settings)) {
            ScenarioClient holder = cluster.jvm(1);
            ScenarioClient waiter = cluster.jvm(2);
            String name = "crash-volume";
            holder.ok("START holder hold " + name, 60);
            Path inside = cluster.dir.resolve("inside-holder");
            AgentJvm.awaitFile(inside, 10, holder.jvm);
            long holderFence = Long.parseLong(Files.readString(inside).trim());
            Reply waiting = waiter.ok("START waiter wait " + name, 60);
            assertThat(waiting.get("state"))
                    .as("the waiter is blocked by the holder: %s", waiting)
                    .isEqualTo("waiting");

            long killed = System.nanoTime();
            holder.jvm.process.destroyForcibly();
            assertThat(holder.jvm.process.waitFor(30, TimeUnit.SECONDS))
                    .as("the holder died")
                    .isTrue();
            long bound = ttl + BOUND_AFTER_TTL_SECONDS;
            Reply taken = waiter.ok("JOIN waiter " + bound, bound + 10);
            long delayMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

            assertThat(taken.get("outcome")).as(taken.line).isEqualTo("ran");
            assertThat(taken.number("fence")).as("the next holder's fence").isGreaterThan(holderFence);
            System.out.printf(
                    "HolderCrashIT: session-ttl=%d s, heartbeat=%d s: the waiter got the lock"
                            + " %,d ms after the holder was killed (fence %d -> %d)%n",
                    ttl, heartbeat, delayMillis, holderFence, taken.number("fence"));
            Reply third = cluster.jvm(3).send("TRY " + name, 30);
            assertThat(third.ok)
                    .as("the lock is free after the waiter's call: %s", third)
                    .isTrue();
        }
    }
}
