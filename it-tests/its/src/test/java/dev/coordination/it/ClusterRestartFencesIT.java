package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.FencedStore.Write;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fences never go backwards on Hazelcast, also when the whole lock cluster dies and starts again.
 * Its CP state lives in memory only, so a CP group formed anew counts Hazelcast's own fences from
 * small values again; the agent adds the time the group's state was first used. Workers in every
 * JVM do fenced read-modify-writes of one name on a store the test keeps across the restart, as a
 * real storage service would outlive the lock cluster: the new holders' writes must all be accepted
 * (none refused as stale, no lost update), with fences above every fence of the old cluster.
 */
class ClusterRestartFencesIT {

    private static final String NAME = "restart-volume";
    /** Accepted writes each cluster must reach before it is killed, or after the restart. */
    private static final int WRITES = 60;

    private static final long START_SECONDS = 120;
    private static final long WRITES_SECONDS = 120;

    /** Three embedded CP members killed with SIGKILL; three new JVMs form a fresh CP group on the same ports. */
    @Test
    void afterEveryEmbeddedCpMemberIsKilledTheFreshGroupsFencesAreLargerThanEveryFenceBefore() throws Exception {
        try (FencedStore store = FencedStore.open()) {
            int first = Ports.freeBlock(3);
            int killedAt;
            long down;
            try (ScenarioCluster cluster = ScenarioCluster.startOn("restart-fences", first, 3, "cp-member-count=3")) {
                work(cluster.jvms, store, "before");
                awaitAccepted(store, 0, WRITES);
                // Stopped first, so that every write of the old cluster is in before the kill.
                stop(cluster.jvms, "before");
                killedAt = store.writes().size();
                down = System.nanoTime();
                killAll(cluster.jvms);
            }
            try (ScenarioCluster cluster = ScenarioCluster.startOn("restart-fences", first, 3, "cp-member-count=3")) {
                long formed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down);
                work(cluster.jvms, store, "after");
                awaitAccepted(store, killedAt, WRITES);
                stop(cluster.jvms, "after");
                check("3 embedded CP members", store, killedAt, formed);
            }
        }
    }

    /**
     * A client JVM outlives its three dedicated members: they are killed with SIGKILL and started
     * again on the same ports; once it reconnected, the new cluster's fences are larger than the old
     * one's.
     */
    @Test
    void aClientThatOutlivesItsKilledMembersGetsLargerFencesFromTheNewCluster() throws Exception {
        Path dir = AgentJvm.workDir("restart-client");
        int first = Ports.freeBlock(3);
        List<DedicatedMember> members = new ArrayList<>();
        try (FencedStore store = FencedStore.open();
                ScenarioCluster clients =
                        ScenarioCluster.empty(dir, Ports.cluster("restart-client", first, 3, "mode=client"))) {
            members.addAll(startMembers(dir, first, ""));
            ScenarioClient client = clients.add("client1");
            work(clients.jvms, store, "before");
            awaitAccepted(store, 0, WRITES);
            stop(clients.jvms, "before");
            int killedAt = store.writes().size();

            long down = System.nanoTime();
            members.forEach(DedicatedMember::close); // SIGKILL
            for (DedicatedMember member : members) {
                assertThat(member.process.waitFor(60, TimeUnit.SECONDS))
                        .as("%s killed", member.name)
                        .isTrue();
            }
            members.clear();
            members.addAll(startMembers(dir, first, "-restarted"));
            long formed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down);
            work(clients.jvms, store, "after");
            awaitAccepted(store, killedAt, WRITES);
            stop(clients.jvms, "after");
            assertThat(client.jvm.output())
                    .as("the client says it reached a new cluster")
                    .contains("again, but a new cluster there (every member was restarted)");
            check("a client of 3 dedicated members", store, killedAt, formed);
        } finally {
            members.forEach(DedicatedMember::close);
        }
    }

    private static List<DedicatedMember> startMembers(Path dir, int first, String generation) throws Exception {
        List<DedicatedMember> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(DedicatedMember.start(
                    "member" + (i + 1) + generation,
                    dir,
                    DedicatedMember.settings("restart-client", first, 3, i, "cp-member-count=3")));
        }
        for (DedicatedMember member : members) {
            assertThat(member.awaitReady(START_SECONDS)).contains("CP subsystem of 3");
        }
        return members;
    }

    /** Two workers in each JVM, doing fenced read-modify-writes of {@link #NAME} until stopped. */
    private static void work(List<ScenarioClient> jvms, FencedStore store, String tag) throws Exception {
        for (ScenarioClient jvm : jvms) {
            jvm.ok("WORK " + tag + " " + store.socket() + " 2 " + NAME, 30);
        }
    }

    private static void stop(List<ScenarioClient> jvms, String tag) throws Exception {
        for (ScenarioClient jvm : jvms) {
            jvm.ok("WORKSTOP " + tag, 90);
        }
    }

    private static void killAll(List<ScenarioClient> jvms) throws Exception {
        jvms.forEach(jvm -> jvm.jvm.process.destroyForcibly());
        for (ScenarioClient jvm : jvms) {
            assertThat(jvm.jvm.process.waitFor(60, TimeUnit.SECONDS))
                    .as("%s killed", jvm.name)
                    .isTrue();
        }
    }

    /** Waits until the store accepted {@code count} writes after the first {@code from} it took. */
    private static void awaitAccepted(FencedStore store, int from, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WRITES_SECONDS);
        while (accepted(since(store, from)) < count) {
            if (System.nanoTime() > deadline) {
                List<Write> seen = since(store, from);
                throw new AssertionError(
                        "the store accepted " + accepted(seen) + " of " + count + " writes within " + WRITES_SECONDS
                                + " s; its last writes: " + seen.subList(Math.max(0, seen.size() - 10), seen.size()));
            }
            Thread.sleep(50);
        }
    }

    private static List<Write> since(FencedStore store, int from) {
        List<Write> writes = store.writes();
        return writes.subList(Math.min(from, writes.size()), writes.size());
    }

    private static long accepted(List<Write> writes) {
        return writes.stream()
                .filter(write -> write.outcome().equals("accepted"))
                .count();
    }

    private static void check(String topology, FencedStore store, int killedAt, long formedMillis) {
        List<Write> all = store.writes();
        List<Write> before = all.subList(0, killedAt);
        List<Write> after = all.subList(killedAt, all.size());
        LongSummaryStatistics old = before.stream().mapToLong(Write::fence).summaryStatistics();
        LongSummaryStatistics fresh = after.stream().mapToLong(Write::fence).summaryStatistics();
        System.out.printf(
                "ClusterRestartFencesIT: %s; %d writes before the kill, fences %d..%d; the new cluster ready %,d ms after"
                        + " the kill; %d writes after, fences %d..%d (the first %,d above the last before)%n",
                topology,
                before.size(),
                old.getMin(),
                old.getMax(),
                formedMillis,
                after.size(),
                fresh.getMin(),
                fresh.getMax(),
                fresh.getMin() - old.getMax());
        assertThat(before)
                .as("writes before the kill")
                .allMatch(write -> write.outcome().equals("accepted"), "accepted");
        assertThat(after)
                .as("writes after the restart, checked by the store kept across it")
                .allMatch(write -> write.outcome().equals("accepted"), "accepted")
                .allMatch(write -> write.fence() > old.getMax(), "with a fence above every fence before");
        assertThat(store.value(NAME)).as("no update lost").isEqualTo(all.size());
    }
}
