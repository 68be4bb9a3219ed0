package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A client-mode JVM cut off from every member of its lock cluster, each JVM in a network namespace
 * of its own ({@link NetworkLab}): three dedicated members ({@code java -jar coordination-agent.jar
 * member}, a CP subsystem of three) on hosts 1-3, and two client JVMs on hosts 4 and 5.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientPartitionIT {

    private static final long TTL_SECONDS = 15;
    private static final String MEMBER_SETTINGS = "cp-member-count=3,session-ttl=" + TTL_SECONDS + ",heartbeat=1";
    private static final long CUT_MILLIS = 40_000;

    private NetworkLab lab;
    private FencedStore store;
    private LabCluster clients;
    private final List<DedicatedMember> members = new ArrayList<>();

    @BeforeAll
    void startMembersAndClients() throws Exception {
        String unavailable = NetworkLab.unavailable();
        if (unavailable != null) {
            System.out.println("ClientPartitionIT skipped: " + unavailable);
        }
        Assumptions.assumeTrue(unavailable == null, "ClientPartitionIT skipped: " + unavailable);
        lab = NetworkLab.create(5);
        store = FencedStore.open();
        Path dir = AgentJvm.workDir("client-partition");
        clients = new LabCluster(lab, dir);
        String memberList = clients.members(1, 3);
        long begin = System.nanoTime();
        for (int host = 1; host <= 3; host++) {
            members.add(DedicatedMember.startOn(
                    lab,
                    host,
                    "member" + host,
                    dir,
                    clients.memberArgs(host, "client-partition", memberList, MEMBER_SETTINGS)));
        }
        for (DedicatedMember member : members) {
            assertThat(member.awaitReady(LabCluster.START_SECONDS)).contains("CP subsystem of 3");
        }
        for (int host = 4; host <= 5; host++) {
            clients.start(
                    host,
                    "mode=client,cluster-name=client-partition,members=" + memberList + ",agent-id=client-partition-jvm"
                            + host,
                    List.of());
        }
        clients.awaitAll();
        System.out.printf(
                "ClientPartitionIT: 3 dedicated members and 2 client JVMs in network namespaces of"
                        + " their own ready in %,d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (clients != null) {
            clients.close();
        }
        members.forEach(DedicatedMember::close);
        if (lab != null) {
            lab.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aClientCutOffFromEveryMemberFailsWithinItsBoundsLosesItsHoldAfterTheTtlAndLocksAgainAfterTheHeal()
            throws Exception {
        ScenarioClient cutOff = clients.jvm(4);
        ScenarioClient other = clients.jvm(5);
        long fence = cutOff.ok("START held hold client-volume", 60).number("fence");
        assertThat(cutOff.ok("WRITE held " + store.socket(), 30).get("outcome")).isEqualTo("accepted");
        assertThat(other.ok("START next write client-volume " + store.socket(), 60)
                        .get("state"))
                .isEqualTo("waiting");

        long cut = System.currentTimeMillis();
        lab.isolate(4);
        Reply timed = cutOff.ok("TIMED timed-volume", 30);
        Reply now = cutOff.ok("TRYNOW trynow-volume", 30);
        System.out.printf(
                "ClientPartitionIT: cut off from every member: timeout=2 s failed after %s ms,"
                        + " blocking=false failed after %s ms%n",
                timed.get("millis"), now.get("millis"));
        assertThat(timed.get("outcome")).as(timed.line).isEqualTo("failed");
        assertThat(timed.get("bodyRan")).isEqualTo("false");
        assertThat(timed.number("millis")).as("timeout=2 s, plus at most 0.2 s").isBetween(1_900L, 2_200L);
        assertThat(now.get("outcome")).as(now.line).isEqualTo("failed");
        assertThat(now.get("bodyRan")).isEqualTo("false");
        assertThat(now.number("millis")).as("blocking=false answers within 5 s").isLessThanOrEqualTo(5_000L);

        Reply taken = other.ok("JOIN next " + (TTL_SECONDS + 30), TTL_SECONDS + 40);
        long handedOver = taken.number("at") - cut;
        System.out.printf(
                "ClientPartitionIT: the other client got the lock %,d ms after the cut (session TTL"
                        + " %d s), fence %d after %d%n",
                handedOver, TTL_SECONDS, taken.number("fence"), fence);
        assertThat(taken.get("outcome")).as(taken.line).isEqualTo("ran");
        assertThat(taken.number("fence")).isGreaterThan(fence);
        assertThat(taken.get("store")).isEqualTo("accepted");
        assertThat(handedOver)
                .isBetween(
                        TimeUnit.SECONDS.toMillis(TTL_SECONDS) - 2_000,
                        TimeUnit.SECONDS.toMillis(TTL_SECONDS) + 10_000);
        assertThat(cutOff.ok("WRITE held " + store.socket(), 30).get("outcome"))
                .as("the cut-off client's late write, fence %d", fence)
                .isEqualTo("stale");

        long left = CUT_MILLIS - (System.currentTimeMillis() - cut);
        if (left > 0) {
            Thread.sleep(left); // the cut lasts CUT_MILLIS
        }
        lab.heal();
        long healed = System.currentTimeMillis();
        Reply released = cutOff.ok("RELEASE held", 90);
        assertThat(released.get("outcome")).as(released.line).isEqualTo("threw");
        assertThat(released.line).contains("LockLostException").contains("client-volume");
        long back = lockAgain(cutOff, "after-volume", healed);
        System.out.printf(
                "ClientPartitionIT: cut %,d ms; the cut-off client locked again %,d ms after the heal,"
                        + " without a restart%n",
                CUT_MILLIS, back);
        assertThat(back)
                .as("the cut-off client locks again soon after the heal")
                .isLessThan(15_000);

        List<String> outage = outageLines(cutOff.jvm.log);
        System.out.println(
                "ClientPartitionIT: the cut-off client's lines during the outage:\n  " + String.join("\n  ", outage));
        assertThat(outage.stream().filter(line -> line.contains("lost its connection")))
                .hasSize(1);
        assertThat(outage.stream().filter(line -> line.contains("connected again")))
                .hasSize(1);
        assertThat(outage.stream().filter(line -> line.contains("still has no connection")))
                .hasSizeLessThanOrEqualTo((int) (CUT_MILLIS / 30_000));
        assertThat(outage.stream().filter(line -> line.contains("com.hazelcast.client")))
                .as("Hazelcast's client lines while the cluster cannot be reached")
                .isEmpty();
    }

    /** The WARN and INFO lines from the one that says the connection was lost to the one that says it is back. */
    private static List<String> outageLines(Path log) throws Exception {
        List<String> lines = new ArrayList<>();
        boolean inside = false;
        for (String line : Files.readAllLines(log)) {
            if (line.contains("lost its connection")) {
                inside = true;
            }
            if (inside && (line.contains(" WARN ") || line.contains(" INFO ") || line.contains(" ERROR "))) {
                lines.add(line);
            }
            if (line.contains("connected again")) {
                inside = false;
            }
        }
        return lines;
    }

    private static long lockAgain(ScenarioClient jvm, String name, long since) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Reply timed = jvm.ok("TIMED " + name, 30);
            if (timed.get("outcome").equals("ran")) {
                return System.currentTimeMillis() - since;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(jvm.name + " did not lock again within 60 s: " + timed.line);
            }
        }
    }
}
