package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The ZooKeeper backend across JVMs: three {@code ScenarioApp} JVMs with the real agent jar on a
 * real ensemble of three ZooKeeper servers inside this JVM (session timeout 3 s). One set of JVMs
 * serves every check, in order, the destructive ones last: exclusion at scale, the bounds of a call
 * while another JVM holds, a holder whose session expires in its body (frozen with SIGSTOP) ending
 * with {@code LockLostException}, a waiter stopped past its session while its lock was granted to it
 * waiting its turn again ({@link FrozenWaiter}), a killed holder's lock passing on after the session timeout, and
 * an ensemble that loses its quorum (calls fail closed within their bounds) and regains it (the
 * same JVMs lock again, none restarted), and a holder whose JVM exits freeing its lock at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZooKeeperIT {

    private static final int SESSION_TTL = 3;

    private TestingCluster ensemble;
    private ScenarioCluster jvms;
    private long began;

    @BeforeAll
    void start() throws Exception {
        began = System.nanoTime();
        ensemble = ZooKeeperEnsemble.cluster(3);
        jvms = ScenarioCluster.empty(
                AgentJvm.workDir("zookeeper"),
                ZooKeeperEnsemble.agentArgs(ensemble.getConnectString(), "zkit", SESSION_TTL, "prefix=it-"));
        List<String> names = List.of("jvm1", "jvm2", "jvm3");
        List<ScenarioClient> started = new ArrayList<>();
        for (String name : names) {
            started.add(ScenarioClient.start(name, jvms.dir, jvms.args));
        }
        for (ScenarioClient jvm : started) {
            jvm.awaitControlPort(ScenarioCluster.START_SECONDS);
            jvms.jvms.add(jvm);
        }
        jvms.onAll(jvm -> jvm.ok("WARMUP warmup-" + jvm.name + " 60", 70));
    }

    @AfterAll
    void stop() throws Exception {
        if (jvms != null) {
            jvms.close();
        }
        if (ensemble != null) {
            ensemble.close();
        }
        System.out.printf("ZooKeeperIT: %,d ms in all%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }

    @Test
    @Order(1)
    void threeJvmsNeverLoseAnUpdateAndFencesGrowWithTheSharedState() throws Exception {
        new ExclusionAtScale(jvms).runAndCheck("zk-scale", 2, 4, 40);
    }

    @Test
    @Order(2)
    void aCallThatDoesNotWaitAnswersAtOnceAndATimeoutIsKeptWhileAnotherJvmHolds() throws Exception {
        ScenarioClient holder = jvms.jvm(1);
        ScenarioClient other = jvms.jvm(2);
        Reply inside = holder.ok("START bounds hold zk-bounds", 30);
        assertThat(inside.get("state")).isEqualTo("inside");
        try {
            Reply now = other.ok("TRYNOW zk-bounds", 30);
            assertThat(now.get("outcome")).as(now.line).isEqualTo("failed");
            assertThat(now.number("millis")).as("blocking=false: %s", now).isLessThan(5_000);
            Reply timed = other.ok("TIMED zk-bounds", 30);
            assertThat(timed.get("outcome")).as(timed.line).isEqualTo("failed");
            assertThat(timed.get("bodyRan")).isEqualTo("false");
            assertThat(timed.number("millis"))
                    .as("timeout=2 s: answered by its deadline plus 0.2 s: %s", timed)
                    .isBetween(2_000L, 2_200L);
        } finally {
            assertThat(holder.ok("RELEASE bounds", 30).get("outcome")).isEqualTo("ran");
        }
        Reply free = other.ok("TRYNOW zk-bounds", 30);
        assertThat(free.get("outcome")).as("free once released: %s", free).isEqualTo("ran");
    }

    @Test
    @Order(3)
    void aHolderWhoseSessionExpiresInItsBodyEndsWithLockLostException() throws Exception {
        ScenarioClient holder = jvms.jvm(1);
        ScenarioClient other = jvms.jvm(2);
        long fence = holder.ok("START frozen hold zk-expiry", 30).number("fence");
        CpAdminCommand.signal(holder.jvm, "STOP");
        Reply taken;
        long frozen = System.nanoTime();
        try {
            Reply waiting = other.ok("START thaw wait zk-expiry", 30);
            assertThat(waiting.get("state")).as(waiting.line).isEqualTo("waiting");
            taken = other.ok("JOIN thaw 30", 40);
        } finally {
            CpAdminCommand.signal(holder.jvm, "CONT");
        }
        long handedOver = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozen);
        assertThat(taken.get("outcome")).as(taken.line).isEqualTo("ran");
        assertThat(taken.number("fence")).as("the next holder's fence").isGreaterThan(fence);
        Reply lost = holder.ok("RELEASE frozen", 60);
        assertThat(lost.line)
                .as("the frozen holder's call, once it went on")
                .contains("outcome=threw")
                .contains("LockLostException")
                .contains("it-zk-expiry");
        assertThat(holder.ok("TRY zk-expiry", 60).number("fence"))
                .as("the same JVM locks again, in a new session")
                .isGreaterThan(taken.number("fence"));
        System.out.printf(
                "ZooKeeperIT: a holder frozen in its body lost the lock to another JVM %,d ms after it"
                        + " froze (session timeout %d s)%n",
                handedOver, SESSION_TTL);
    }

    @Test
    @Order(4)
    void aWaiterStoppedPastItsSessionWhileItsLockIsGrantedWaitsItsTurnAgain() throws Exception {
        System.out.println("ZooKeeperIT: a waiter stopped past its session: "
                + FrozenWaiter.check(jvms.jvm(1), jvms.jvm(2), jvms.jvm(3), "zk-frozen"));
    }

    @Test
    @Order(5)
    void aKilledHoldersLockPassesOnAfterTheSessionTimeout() throws Exception {
        ScenarioClient holder = jvms.jvm(3);
        ScenarioClient waiter = jvms.jvm(2);
        long fence = holder.ok("START crash hold zk-crash", 30).number("fence");
        assertThat(waiter.ok("START crashwait wait zk-crash", 30).get("state")).isEqualTo("waiting");
        long killed = System.nanoTime();
        holder.jvm.process.destroyForcibly();
        assertThat(holder.jvm.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Reply taken = waiter.ok("JOIN crashwait 30", 40);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertThat(taken.get("outcome")).as(taken.line).isEqualTo("ran");
        assertThat(taken.number("fence")).isGreaterThan(fence);
        assertThat(millis)
                .as("from the kill to the waiter's grant, for a session timeout of %d s", SESSION_TTL)
                .isLessThan(TimeUnit.SECONDS.toMillis(SESSION_TTL + 5));
        System.out.printf(
                "ZooKeeperIT: a killed holder's lock passed on after %,d ms (session timeout %d s)%n",
                millis, SESSION_TTL);
    }

    @Test
    @Order(6)
    void callsFailClosedWithinTheirBoundsWithoutAQuorumAndTheSameJvmsLockAgainOnceItIsBack() throws Exception {
        ScenarioClient first = jvms.jvm(1);
        ScenarioClient second = jvms.jvm(2);
        List<InstanceSpec> stopped = new ArrayList<>(ensemble.getInstances()).subList(0, 2);
        for (InstanceSpec spec : stopped) {
            assertThat(ensemble.killServer(spec))
                    .as("server %d stopped", spec.getServerId())
                    .isTrue();
        }
        Reply now;
        Reply timed;
        long back;
        try {
            now = first.ok("TRYNOW zk-quorum", 30);
            timed = second.ok("TIMED zk-quorum", 30);
        } finally {
            // Back whatever the calls did, so that a failure here does not fail the tests after it.
            back = System.nanoTime();
            for (InstanceSpec spec : stopped) {
                assertThat(ensemble.restartServer(spec))
                        .as("server %d restarted", spec.getServerId())
                        .isTrue();
            }
        }
        assertThat(now.get("outcome")).as(now.line).isEqualTo("failed");
        assertThat(now.get("bodyRan")).isEqualTo("false");
        assertThat(now.number("millis"))
                .as("blocking=false without a quorum: %s", now)
                .isLessThan(5_000);
        assertThat(timed.get("outcome")).as(timed.line).isEqualTo("failed");
        assertThat(timed.get("bodyRan")).isEqualTo("false");
        assertThat(timed.number("millis"))
                .as("timeout=2 s without a quorum: %s", timed)
                .isLessThanOrEqualTo(2_200L);
        for (ScenarioClient jvm : List.of(first, second)) {
            jvm.ok("WARMUP zk-quorum-" + jvm.name + " 60", 70);
        }
        long recovered = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
        Reply again = first.ok("TRYNOW zk-quorum", 30);
        assertThat(again.get("outcome"))
                .as("after the quorum came back: %s", again)
                .isEqualTo("ran");
        System.out.printf(
                "ZooKeeperIT: without a quorum, blocking=false failed in %d ms and timeout=2 s in %d ms;"
                        + " both JVMs locked again %,d ms after the servers restarted%n",
                now.number("millis"), timed.number("millis"), recovered);
    }

    @Test
    @Order(7)
    void aJvmThatExitsWhileHoldingFreesItsLockAtOnceNotASessionTimeoutLater() throws Exception {
        ScenarioClient holder = jvms.jvm(1);
        ScenarioClient waiter = jvms.jvm(2);
        holder.ok("START exiting hold zk-exit", 30);
        assertThat(waiter.ok("START exitwait wait zk-exit", 30).get("state")).isEqualTo("waiting");
        long exited = System.nanoTime();
        holder.send("EXIT", 30);
        Reply taken = waiter.ok("JOIN exitwait 30", 40);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - exited);
        assertThat(taken.get("outcome")).as(taken.line).isEqualTo("ran");
        assertThat(millis)
                .as("from EXIT to the waiter's grant: the session closed on exit, not timed out (%d s)", SESSION_TTL)
                .isLessThan(TimeUnit.SECONDS.toMillis(SESSION_TTL) - 500);
        System.out.printf("ZooKeeperIT: a holder's JVM exited and its lock passed on after %,d ms%n", millis);
    }
}
