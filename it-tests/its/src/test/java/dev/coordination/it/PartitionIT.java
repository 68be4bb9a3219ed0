package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Network partitions between JVMs with the real agent, each JVM in a network namespace of its own
 * ({@link NetworkLab}): three embedded members forming a CP subsystem of three, cut apart with
 * packets silently lost, while workers in every JVM do fenced read-modify-writes on a store kept by
 * the test ({@link FencedStore}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartitionIT {

    private static final long TTL_SECONDS = 15;
    private static final String SETTINGS = "cp-member-count=3,session-ttl=" + TTL_SECONDS + ",heartbeat=1";
    private static final String NAMES = "part-1,part-2,part-3,part-4,part-5,part-6,part-7,part-8";

    private NetworkLab lab;
    private FencedStore store;
    private LabCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        String unavailable = NetworkLab.unavailable();
        if (unavailable != null) {
            System.out.println("PartitionIT skipped: " + unavailable);
        }
        Assumptions.assumeTrue(unavailable == null, "PartitionIT skipped: " + unavailable);
        lab = NetworkLab.create(3);
        store = FencedStore.open();
        Path dir = AgentJvm.workDir("partition");
        cluster = new LabCluster(lab, dir);
        String members = cluster.members(1, 3);
        long begin = System.nanoTime();
        for (int host = 1; host <= 3; host++) {
            cluster.start(host, cluster.memberArgs(host, "partition", members, SETTINGS), List.of());
        }
        cluster.awaitAll();
        System.out.printf(
                "PartitionIT: 3 JVMs in network namespaces of their own formed a CP subsystem of 3" + " in %,d ms%n",
                (System.nanoTime() - begin) / 1_000_000);
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (lab != null) {
            lab.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /**
     * Longer than the member heartbeat timeout (10 s) and than Hazelcast's default one (60 s): the
     * cut-off member leaves the cluster, and merges back after the heal.
     */
    @Test
    @Order(1)
    void theMajorityLocksAgainSoonAfterItsLeaderIsCutOffAndTheCutOffJvmSoonAfterTheHeal() throws Exception {
        leaderCut("leader", 65_000);
    }

    @Test
    @Order(3)
    void aHolderCutOffForLongerThanTheSessionTtlLosesItsLockAndItsLateWriteIsRefused() throws Exception {
        holderCut("long-hold", 20_000, true, (holder, others) -> lab.isolate(holder));
    }

    @Test
    @Order(4)
    void aHolderCutOffForLessThanTheSessionTtlKeepsItsLock() throws Exception {
        holderCut("short-hold", 5_000, false, (holder, others) -> lab.isolate(holder));
    }

    @Test
    @Order(5)
    void aHolderThatCanSendButNotReceiveLosesItsLockAfterTheSessionTtl() throws Exception {
        holderCut("one-way", 20_000, true, (holder, others) -> {
            for (int other : others) {
                lab.cut(other, holder);
            }
        });
    }

    interface Cut {
        void apply(int holder, int[] others) throws Exception;
    }

    /**
     * A follower holds a lock and has written to the store; a JVM on the majority side waits for the
     * lock; then the holder is cut off for {@code cutMillis}. With {@code lost}, the lock must pass to
     * the waiter after about the session TTL, with a larger fence, the holder's late write must be
     * refused and its release must report the loss; otherwise the holder keeps its lock through the
     * cut. Either way the holder locks again soon after the heal.
     */
    private void holderCut(String tag, long cutMillis, boolean lost, Cut how) throws Exception {
        int leader = cluster.leaderOf("default", 1);
        int holderHost = leader == 1 ? 2 : 1;
        int waiterHost = 6 - leader - holderHost;
        ScenarioClient holder = cluster.jvm(holderHost);
        ScenarioClient waiter = cluster.jvm(waiterHost);
        String name = tag + "-volume";
        long fence = holder.ok("START " + tag + "-h hold " + name, 60).number("fence");
        assertThat(holder.ok("WRITE " + tag + "-h " + store.socket(), 30).get("outcome"))
                .isEqualTo("accepted");
        assertThat(waiter.ok("START " + tag + "-w write " + name + " " + store.socket(), 60)
                        .get("state"))
                .isEqualTo("waiting");
        long cut = System.currentTimeMillis();
        how.apply(holderHost, new int[] {leader, waiterHost});
        if (lost) {
            Reply taken = waiter.ok("JOIN " + tag + "-w " + (TTL_SECONDS + 30), TTL_SECONDS + 40);
            long handedOver = taken.number("at") - cut;
            System.out.printf(
                    "PartitionIT: %s: the holder on host %d was cut off; host %d got its lock %,d ms"
                            + " later (session TTL %d s), fence %d after %d%n",
                    tag, holderHost, waiterHost, handedOver, TTL_SECONDS, taken.number("fence"), fence);
            assertThat(taken.get("outcome")).as(taken.line).isEqualTo("ran");
            assertThat(taken.number("fence")).as("the next holder's fence").isGreaterThan(fence);
            assertThat(taken.get("store")).as("the next holder's write").isEqualTo("accepted");
            assertThat(handedOver)
                    .as("the lock passes once the holder's session expired, not before")
                    .isBetween(
                            TimeUnit.SECONDS.toMillis(TTL_SECONDS) - 2_000,
                            TimeUnit.SECONDS.toMillis(TTL_SECONDS) + 10_000);
            Reply late = holder.ok("WRITE " + tag + "-h " + store.socket(), 30);
            assertThat(late.get("outcome"))
                    .as("the cut-off holder's late write, fence %d", fence)
                    .isEqualTo("stale");
        }
        long left = cutMillis - (System.currentTimeMillis() - cut);
        if (left > 0) {
            Thread.sleep(left); // the cut lasts cutMillis
        }
        lab.heal();
        long healed = System.currentTimeMillis();
        Reply released = holder.ok("RELEASE " + tag + "-h", 90);
        if (lost) {
            assertThat(released.get("outcome")).as(released.line).isEqualTo("threw");
            assertThat(released.line).contains("LockLostException").contains(name);
        } else {
            assertThat(released.get("outcome"))
                    .as("the holder kept its lock through a %d ms cut: %s", cutMillis, released.line)
                    .isEqualTo("ran");
            Reply taken = waiter.ok("JOIN " + tag + "-w 60", 70);
            assertThat(taken.get("outcome")).as(taken.line).isEqualTo("ran");
            assertThat(taken.number("fence")).isGreaterThan(fence);
            assertThat(taken.get("store")).isEqualTo("accepted");
            assertThat(taken.number("at"))
                    .as("the waiter ran only after the holder released")
                    .isGreaterThanOrEqualTo(healed);
        }
        long back = lockAgain(holder, name + "-after", healed);
        System.out.printf(
                "PartitionIT: %s: cut %,d ms; the holder released with \"%s\" and locked again %,d ms"
                        + " after the heal%n",
                tag, cutMillis, released.get("outcome"), back);
        assertThat(back)
                .as("the cut-off JVM locks again within 10 s of the heal")
                .isLessThan(10_000);
    }

    /** Milliseconds from {@code since} until a TIMED call on {@code jvm} ran; tries for 30 s. */
    private static long lockAgain(ScenarioClient jvm, String name, long since) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Reply timed = jvm.ok("TIMED " + name, 30);
            if (timed.get("outcome").equals("ran")) {
                return System.currentTimeMillis() - since;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(jvm.name + " did not lock again within 30 s: " + timed.line);
            }
        }
    }

    /**
     * Workers on every JVM do fenced read-modify-writes on a few names; the default CP group's leader
     * is cut off from both others for {@code cutMillis}, then the cut heals.
     */
    private void leaderCut(String tag, long cutMillis) throws Exception {
        List<WorkerEvents> events = new ArrayList<>();
        for (ScenarioClient jvm : cluster.jvms) {
            jvm.ok("WORK " + tag + " " + store.socket() + " 2 " + NAMES, 30);
            events.add(new WorkerEvents(cluster.dir, jvm.name, tag));
        }
        for (WorkerEvents jvm : events) {
            jvm.await("section", e -> e.kind().equals("ok"), 30);
        }
        int leader = cluster.leaderOf("default", 1);
        lab.isolate(leader);
        long cut = System.currentTimeMillis(); // once every rule is in place
        WorkerEvents cutOff = events.get(leader - 1);
        List<WorkerEvents> majority =
                events.stream().filter(jvm -> jvm != cutOff).toList();
        long failover = Long.MAX_VALUE;
        for (WorkerEvents jvm : majority) {
            WorkerEvents.Event first = jvm.await(
                    "section begun after the cut", e -> e.kind().equals("ok") && e.atMillis() - e.millis() >= cut, 30);
            failover = Math.min(failover, first.atMillis() - cut);
        }
        long left = cutMillis - (System.currentTimeMillis() - cut);
        if (left > 0) {
            Thread.sleep(left); // the cut lasts cutMillis
        }
        lab.heal();
        long healed = System.currentTimeMillis();
        WorkerEvents.Event back = cutOff.await(
                "section begun after the heal", e -> e.kind().equals("ok") && e.atMillis() - e.millis() >= healed, 60);
        for (ScenarioClient jvm : cluster.jvms) {
            jvm.ok("WORKSTOP " + tag, 90);
        }
        System.out.printf(
                "PartitionIT: the default CP group's leader (host %d) was cut off for %,d ms; the majority"
                        + " locked again %,d ms after the cut, the cut-off JVM %,d ms after the heal%n",
                leader, cutMillis, failover, back.atMillis() - healed);
        for (WorkerEvents jvm : events) {
            StringBuilder counts = new StringBuilder();
            for (String kind : List.of("ok", "failed", "lost", "stale", "repeated", "lost-update", "error")) {
                List<WorkerEvents.Event> of = jvm.matching(e -> e.kind().equals(kind));
                long longest =
                        of.stream().mapToLong(WorkerEvents.Event::millis).max().orElse(0);
                counts.append(' ')
                        .append(kind)
                        .append('=')
                        .append(of.size())
                        .append(of.isEmpty() ? "" : " (longest " + longest + " ms)");
            }
            System.out.printf("PartitionIT: %s%s:%s%n", jvm.jvm, jvm == cutOff ? " (cut off)" : "", counts);
        }

        assertThat(failover)
                .as("the majority locks again within 10 s of the cut")
                .isLessThan(10_000);
        assertThat(back.atMillis() - healed)
                .as("the cut-off JVM locks again within 10 s of the heal")
                .isLessThan(10_000);
        for (WorkerEvents jvm : majority) {
            assertThat(jvm.matching(e -> e.kind().equals("lost") || e.kind().equals("error")))
                    .as("%s's holds and sessions survive the cut of another JVM", jvm.jvm)
                    .isEmpty();
        }
        assertThat(cutOff.matching(
                        e -> e.kind().equals("ok") && e.atMillis() - e.millis() > cut + 1_000 && e.atMillis() < healed))
                .as("no section ran in the cut-off JVM while it was cut off")
                .isEmpty();
        for (WorkerEvents jvm : events) {
            assertThat(jvm.matching(e -> e.kind().equals("failed") && e.millis() > 2_400))
                    .as("%s: a call with a 2 s timeout fails within 2.2 s (plus scheduling)", jvm.jvm)
                    .isEmpty();
        }
        assertThat(store.writes("lost-update"))
                .as("two holders inside one section")
                .isEmpty();
        assertThat(store.writes("repeated")).as("a fence handed out twice").isEmpty();
        assertThat(store.writes("stale"))
                .as("late writes refused by their fence come only from the cut-off JVM")
                .allMatch(write -> write.writer().equals(cutOff.jvm));
    }
}
