package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    private static final String SETTINGS = "cp-member-count=3,session-ttl=15,heartbeat=1";
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
        System.out.printf("PartitionIT: 3 JVMs in network namespaces of their own formed a CP subsystem of 3"
                + " in %,d ms%n", (System.nanoTime() - begin) / 1_000_000);
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

    @Test
    @Order(1)
    void theMajorityLocksAgainSoonAfterTheLeaderIsCutOff() throws Exception {
        leaderCut("leader", 20_000);
    }

    @Test
    @Order(2)
    void afterALongCutTheCutOffJvmLocksAgainSoonAfterTheHeal() throws Exception {
        leaderCut("long", 65_000);
    }

    private void leaderCut(String tag, long cutMillis) throws Exception {
        List<WorkerEvents> events = new ArrayList<>();
        for (ScenarioClient jvm : cluster.jvms) {
            jvm.ok("WORK " + tag + " " + store.socket() + " 2 " + NAMES, 30);
            events.add(new WorkerEvents(cluster.dir, jvm.name, tag));
        }
        long warm = System.currentTimeMillis();
        for (WorkerEvents jvm : events) {
            jvm.await("section", e -> e.kind().equals("ok"), 30);
        }
        int leader = cluster.leaderOf("default", 1);
        System.out.printf("PartitionIT: the default CP group's leader is on host %d; workers ran %,d ms%n", leader,
                System.currentTimeMillis() - warm);
        long cut = System.currentTimeMillis();
        lab.isolate(leader);
        List<WorkerEvents> majority = events.stream().filter(e -> !e.jvm.equals("jvm" + leader)).toList();
        long failover = Long.MAX_VALUE;
        for (WorkerEvents jvm : majority) {
            try {
                WorkerEvents.Event first = jvm.await("section after the cut", e -> e.kind().equals("ok")
                        && e.atMillis() - e.millis() >= cut, 25);
                failover = Math.min(failover, first.atMillis() - cut);
            } catch (AssertionError e) {
                System.out.println("PartitionIT: " + e.getMessage());
            }
        }
        System.out.printf("PartitionIT: leader cut off for %,d ms; the majority locked again %,d ms after the cut%n",
                cutMillis, failover);
        long left = cutMillis - (System.currentTimeMillis() - cut);
        if (left > 0) {
            Thread.sleep(left); // the cut lasts 20 s
        }
        lab.heal();
        long healed = System.currentTimeMillis();
        WorkerEvents cutOff = events.stream().filter(e -> e.jvm.equals("jvm" + leader)).findFirst().orElseThrow();
        try {
            WorkerEvents.Event back = cutOff.await("section after the heal", e -> e.kind().equals("ok")
                    && e.atMillis() - e.millis() >= healed, 60);
            System.out.printf("PartitionIT: the cut-off JVM locked again %,d ms after the heal%n",
                    back.atMillis() - healed);
        } catch (AssertionError e) {
            System.out.println("PartitionIT: " + e.getMessage());
        }
        for (ScenarioClient jvm : cluster.jvms) {
            System.out.println("PartitionIT: " + jvm.name + " " + jvm.ok("WORKSTOP " + tag, 90).line);
        }
        for (WorkerEvents jvm : events) {
            for (String kind : List.of("ok", "failed", "lost", "stale", "repeated", "lost-update", "error")) {
                List<WorkerEvents.Event> of = jvm.matching(e -> e.kind().equals(kind));
                long max = of.stream().mapToLong(WorkerEvents.Event::millis).max().orElse(0);
                System.out.printf("PartitionIT: %s %s: %d (longest %d ms)%n", jvm.jvm, kind, of.size(), max);
            }
        }
        assertThat(store.writes("lost-update")).isEmpty();
        assertThat(store.writes("repeated")).isEmpty();
    }
}
