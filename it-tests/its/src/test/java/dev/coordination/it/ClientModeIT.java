package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code coordination.mode=client} against three dedicated members ({@code java -jar
 * coordination-agent.jar member}, a CP subsystem of three, session TTL 60 s): client JVMs contend
 * correctly, free their locks at once when they exit, fail closed while every member is down, and
 * lock again once the members are back (new processes on the same ports) without being restarted.
 * The steps share one cluster, in order; the last one takes the members down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientModeIT {

    private static final int SIZE = 3;
    private static final long TTL_SECONDS = 60;
    private static final String MEMBER_SETTINGS = "cp-member-count=3,session-ttl=" + TTL_SECONDS + ",heartbeat=5";
    private static final long READY_SECONDS = 90;

    private final List<DedicatedMember> members = new ArrayList<>();
    private Path dir;
    private int first;
    /** The Prometheus JMX exporter's port on member1, which runs it with the docs' rules. */
    private int exporterPort;

    private ScenarioCluster clients;

    @BeforeAll
    void startMembersAndClients() throws Exception {
        dir = AgentJvm.workDir("client");
        first = Ports.freeBlock(SIZE + 1); // and one more port for the embedded JVM of the latency comparison
        exporterPort = PrometheusScrape.freePort();
        long formed = startMembers("");
        System.out.printf("ClientModeIT: 3 dedicated CP members (java -jar ... member) formed in %,d ms%n", formed);
        clients = ScenarioCluster.empty(dir, Ports.cluster("client", first, SIZE, "mode=client"));
        long begin = System.nanoTime();
        clients.add("jvm1");
        clients.add("jvm2");
        System.out.printf(
                "ClientModeIT: 2 client JVMs started and took a first lock in %,d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    /** Starts the three members together; returns the milliseconds until all printed their ready line. */
    private long startMembers(String generation) throws Exception {
        long begin = System.nanoTime();
        members.clear();
        for (int i = 0; i < SIZE; i++) {
            members.add(DedicatedMember.start(
                    "member" + (i + 1) + generation,
                    dir,
                    DedicatedMember.settings("client", first, SIZE, i, MEMBER_SETTINGS),
                    i == 0 && generation.isEmpty() ? List.of(PrometheusScrape.javaagent(exporterPort)) : List.of()));
        }
        for (DedicatedMember member : members) {
            assertThat(member.awaitReady(READY_SECONDS)).contains("3 member(s), CP subsystem of 3");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    }

    @AfterAll
    void stopEverything() {
        if (clients != null) {
            clients.close();
        }
        members.forEach(DedicatedMember::close);
    }

    @Test
    @Order(1)
    void twoClientJvmsLoseNoUpdateHoldEachLockOneAtATimeAndSeeGrowingFences() throws Exception {
        new ExclusionAtScale(clients).runAndCheck("client-scale", 2, 4, 250);
        String memberSettings = DedicatedMember.settings("client", first, SIZE, 0, MEMBER_SETTINGS);
        String status = CpAdminCommand.run(dir, memberSettings, "status");
        assertThat(status)
                .as("the clients are not cluster members")
                .contains("3 members besides this admin member")
                .contains("CP members: 3");
    }

    /** The first member runs the Prometheus exporter with the docs' rules: a dedicated member publishes its CP health. */
    @Test
    @Order(2)
    void aDedicatedMemberPublishesItsCpHealthToPrometheus() throws Exception {
        Map<String, String> defaultGroup = Map.of("group", "default");
        PrometheusScrape scrape =
                PrometheusScrape.awaitSample(exporterPort, "coordination_cp_group_term", defaultGroup, 30);
        System.out.print("ClientModeIT: scraped from member1\n" + scrape.lines("coordination_"));

        assertThat(scrape.value("coordination_cp_members", Map.of())).isEqualTo(3);
        assertThat(scrape.value("coordination_missing_cp_members", Map.of())).isZero();
        assertThat(scrape.value("coordination_cp_group_commit_index", defaultGroup))
                .isGreaterThan(0);
        assertThat(scrape.value("coordination_cp_group_leader_known", defaultGroup))
                .isEqualTo(1);
        assertThat(scrape.text).as("no locked methods in a member").doesNotContain("coordination_lock_");
    }

    @Test
    @Order(2)
    void anEmbeddedMemberBesideTheDedicatedMembersLocksAsTheClientsDo() throws Exception {
        String embeddedArgs = DedicatedMember.settings("client", first, SIZE, SIZE, MEMBER_SETTINGS);
        try (ScenarioClient embedded = ScenarioClient.start("embedded", dir, embeddedArgs)) {
            embedded.awaitControlPort(READY_SECONDS).ok("WARMUP latency-warmup " + READY_SECONDS, READY_SECONDS + 10);
            // A few hundred calls each show both paths work in one cluster; their speed is the
            // latency benchmark's business (client and CP rows), not this test's.
            Reply client = clients.jvm(1).ok("LATENCY latency-client 200", 120);
            Reply member = embedded.ok("LATENCY latency-embedded 200", 120);
            System.out.printf(
                    "ClientModeIT: uncontended lock+unlock, 200 calls, microseconds: client JVM"
                            + " p50=%s p90=%s p99=%s mean=%s; embedded (non-CP) member JVM in the same cluster p50=%s"
                            + " p90=%s p99=%s mean=%s%n",
                    client.get("p50"),
                    client.get("p90"),
                    client.get("p99"),
                    client.get("mean"),
                    member.get("p50"),
                    member.get("p90"),
                    member.get("p99"),
                    member.get("mean"));
            embedded.jvm.process.destroy();
            assertThat(embedded.jvm.process.waitFor(60, TimeUnit.SECONDS))
                    .as("the embedded JVM left")
                    .isTrue();
        }
    }

    @Test
    @Order(3)
    void aClientJvmStoppedBySigtermOrExitingNormallyFreesItsLocksAtOnce() throws Exception {
        ScenarioClient waiter = clients.jvm(2);
        long sigterm = freedAfterExit(clients.jvm(1), waiter, "sigterm-volume", holder -> holder.jvm.process.destroy());
        ScenarioClient third = clients.add("jvm3");
        long exit = freedAfterExit(third, waiter, "exit-volume", holder -> holder.ok("EXIT", 30));
        assertThat(third.jvm.awaitExit(60))
                .as("System.exit(0) in the client JVM")
                .isZero();
        System.out.printf(
                "ClientModeIT: session TTL %d s; a waiting client JVM got the lock %,d ms after the"
                        + " holder's SIGTERM and %,d ms after the holder's System.exit(0)%n",
                TTL_SECONDS, sigterm, exit);
    }

    interface Exit {
        void on(ScenarioClient holder) throws Exception;
    }

    /** The holder holds {@code name}, the waiter waits, the holder exits: returns ms until the waiter ran. */
    private static long freedAfterExit(ScenarioClient holder, ScenarioClient waiter, String name, Exit exit)
            throws Exception {
        long holderFence = holder.ok("START holder hold " + name, 60).number("fence");
        Reply waiting = waiter.ok("START " + name + " wait " + name, 60);
        assertThat(waiting.get("state"))
                .as("the waiter is blocked by the holder: %s", waiting)
                .isEqualTo("waiting");
        long begin = System.nanoTime();
        exit.on(holder);
        // Half the session TTL: a lock freed only by the session's expiry could not make it.
        long bound = TTL_SECONDS / 2;
        Reply taken = waiter.ok("JOIN " + name + " " + bound, bound + 10);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        assertThat(taken.get("outcome")).as(taken.line).isEqualTo("ran");
        assertThat(taken.number("fence")).as("the next holder's fence").isGreaterThan(holderFence);
        assertThat(holder.jvm.process.waitFor(60, TimeUnit.SECONDS))
                .as("the holder's JVM exited")
                .isTrue();
        return millis;
    }

    @Test
    @Order(4)
    void whileAllMembersAreDownCallsFailClosedAndOnceTheyAreBackTheClientsLockAgain() throws Exception {
        ScenarioClient a = clients.jvm(2);
        ScenarioClient b = clients.add("jvm4");
        assertThat(a.ok("TIMED outage-volume", 30).get("outcome")).isEqualTo("ran");
        assertThat(b.ok("TIMED outage-volume", 30).get("outcome")).isEqualTo("ran");

        long down = System.nanoTime();
        members.forEach(member -> member.process.destroy());
        for (DedicatedMember member : members) {
            member.stop(60);
        }
        System.out.printf(
                "ClientModeIT: 3 members stopped by SIGTERM exited within %,d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down));
        awaitLog(a, "lost its connection");
        for (String name : new String[] {"outage-volume", "outage-new-name"}) {
            Reply timed = a.ok("TIMED " + name, 60);
            assertThat(timed.get("outcome"))
                    .as("no member reachable: %s", timed)
                    .isEqualTo("failed");
            assertThat(timed.get("bodyRan")).isEqualTo("false");
            assertThat(timed.number("millis"))
                    .as("timeout=2 s honoured (plus 0.2 s grace)")
                    .isBetween(1_500L, 2_700L);
            assertThat(timed.get("message"))
                    .contains("LockAcquireFailedException")
                    .contains("the lock cluster cannot be reached")
                    .contains("gave up after waiting");
            System.out.printf(
                    "ClientModeIT: all members down: TIMED %s failed after %s ms: %s%n",
                    name, timed.get("millis"), timed.get("message").replaceAll(" \\| at .*", ""));
        }

        long formed = startMembers("-restarted");
        long back = System.nanoTime();
        a.ok("WARMUP outage-volume 120", 130);
        b.ok("WARMUP outage-volume 120", 130);
        System.out.printf(
                "ClientModeIT: members restarted (new CP subsystem formed in %,d ms); both clients"
                        + " locked again %,d ms later, without a restart%n",
                formed, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back));
        assertThat(a.ok("TIMED outage-volume", 30).get("outcome")).isEqualTo("ran");
        assertThat(b.ok("TIMED outage-new-name", 30).get("outcome")).isEqualTo("ran");

        long held = a.ok("START after hold after-volume", 60).number("fence");
        assertThat(b.send("TRY after-volume", 30).ok)
                .as("held by the other client")
                .isFalse();
        assertThat(a.ok("RELEASE after", 60).get("outcome")).isEqualTo("ran");
        Reply next = b.ok("TRY after-volume", 30);
        assertThat(next.number("fence")).as("fences grow in the new cluster").isGreaterThan(held);
    }

    private static void awaitLog(ScenarioClient client, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!client.jvm.output().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        client.name + " never logged \"" + text + "\" within 30 s; its log:\n" + client.jvm.output());
            }
            Thread.sleep(50);
        }
    }

    @Test
    @Order(5)
    void aMemberWithABrokenConfigurationFileStopsWithOneLine() throws Exception {
        Path broken = dir.resolve("broken-member.xml");
        Files.writeString(broken, "<hazelcast><network>");
        try (DedicatedMember member = DedicatedMember.start("broken", dir, "hazelcast-config=" + broken)) {
            assertThat(member.process.waitFor(60, TimeUnit.SECONDS))
                    .as("exited; log:\n%s", member.log())
                    .isTrue();
            assertThat(member.process.exitValue()).isEqualTo(2);
            String log = member.log().trim();
            assertThat(log)
                    .startsWith("coordination: invalid configuration: coordination.hazelcast-config=")
                    .contains("not a valid Hazelcast configuration");
            assertThat(log.lines().count()).as("one line:\n%s", log).isEqualTo(1);
        }
    }
}
