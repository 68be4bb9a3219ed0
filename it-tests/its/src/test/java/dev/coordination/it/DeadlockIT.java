package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.Test;

/**
 * Deadlocks across JVMs: each JVM's job holds one name (an annotated method) and then, inside it,
 * calls an annotated method on the next JVM's name, so the waits close a cycle. Exactly one call of
 * the cycle fails with {@code LockDeadlockException}, within 2 s of its wait (the last of the
 * cycle's), with a message naming every edge; the others get their inner name once the victim's
 * outer section ends. On Hazelcast (an embedded member and clients, and a cycle that only its lock
 * stripes make) and on ZooKeeper. {@code -Dit.deadlock.rounds=20} measures 20 two-JVM cycles per
 * backend.
 */
class DeadlockIT {

    private static final long SECONDS = 60;
    private static final long BOUND_MILLIS = 2_000;
    /** How many 2-JVM cycles each backend's test breaks ({@code -Dit.deadlock.rounds=20} to measure). */
    private static final int ROUNDS = Integer.getInteger("it.deadlock.rounds", 1);

    @Test
    void twoJvmCycleOnHazelcastIsBrokenWithinTwoSeconds() throws Exception {
        int first = Ports.freeBlock(1);
        Path dir = AgentJvm.workDir("deadlock-hz2");
        try (ScenarioClient member = ScenarioClient.start("member", dir, Ports.cluster("dl2", first, 1, ""));
                ScenarioClient client =
                        ScenarioClient.start("client", dir, Ports.cluster("dl2", first, 1, "mode=client"))) {
            rounds("Hazelcast", List.of(member, client));
        }
    }

    @Test
    void threeJvmCycleOnHazelcastWithTwoClientsIsBrokenWithinTwoSeconds() throws Exception {
        int first = Ports.freeBlock(1);
        Path dir = AgentJvm.workDir("deadlock-hz3");
        String clientArgs = Ports.cluster("dl3", first, 1, "mode=client");
        try (ScenarioClient member = ScenarioClient.start("member", dir, Ports.cluster("dl3", first, 1, ""));
                ScenarioClient one = ScenarioClient.start("client-1", dir, clientArgs);
                ScenarioClient two = ScenarioClient.start("client-2", dir, clientArgs)) {
            breaksCycle(List.of(member, one, two), List.of("volume-1", "volume-2", "volume-3"));
        }
    }

    /**
     * With 64 stripes, volume-83 and volume-133 share a Hazelcast lock, and so do volume-16 and
     * volume-150: the two JVMs take four distinct names, yet wait for each other through the stripes.
     */
    @Test
    void cycleThatOnlyTheStripesMakeIsBrokenAndSaysSo() throws Exception {
        int first = Ports.freeBlock(1);
        Path dir = AgentJvm.workDir("deadlock-stripes");
        try (ScenarioClient member =
                        ScenarioClient.start("member", dir, Ports.cluster("dls", first, 1, "lock-stripes=64"));
                ScenarioClient client = ScenarioClient.start(
                        "client", dir, Ports.cluster("dls", first, 1, "mode=client,lock-stripes=64"))) {
            String message = breaksCycle(
                    List.of(member, client), List.of("volume-83", "volume-150"), List.of("volume-16", "volume-133"));
            assertThat(message)
                    .containsAnyOf(
                            "\"volume-16\" shares a lock stripe with \"volume-150\"",
                            "\"volume-133\" shares a lock stripe with \"volume-83\"");
        }
    }

    @Test
    void twoAndThreeJvmCyclesOnZooKeeperAreBrokenWithinTwoSeconds() throws Exception {
        try (TestingCluster ensemble = ZooKeeperEnsemble.cluster(3)) {
            Path dir = AgentJvm.workDir("deadlock-zk");
            String args = ZooKeeperEnsemble.agentArgs(ensemble.getConnectString(), "deadlock", 10, "");
            try (ScenarioClient a = ScenarioClient.start("zk-a", dir, args);
                    ScenarioClient b = ScenarioClient.start("zk-b", dir, args);
                    ScenarioClient c = ScenarioClient.start("zk-c", dir, args)) {
                rounds("ZooKeeper", List.of(a, b));
                breaksCycle(List.of(a, b, c), List.of("volume-4", "volume-5", "volume-6"));
            }
        }
    }

    /** {@link #ROUNDS} 2-JVM cycles, each on names of its own; prints the detection times. */
    private static void rounds(String backend, List<ScenarioClient> jvms) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            millis.add(breaksCycle(jvms, List.of("volume-1-" + round, "snapshot-7-" + round)));
        }
        millis.sort(null);
        System.out.printf(
                "DeadlockIT: %s, %d two-JVM cycles: broken after %d ms (median), %d ms (worst)%n",
                backend, millis.size(), millis.get(millis.size() / 2), millis.get(millis.size() - 1));
    }

    /**
     * JVM i holds {@code names[i]}, then waits for {@code names[i + 1]} (the last for the first).
     * Returns the victim's detection time in milliseconds.
     */
    static long breaksCycle(List<ScenarioClient> jvms, List<String> names) throws Exception {
        List<String> inner = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            inner.add(names.get((i + 1) % names.size()));
        }
        String message = breaksCycle(jvms, names, inner);
        return Long.parseLong(message.substring(0, message.indexOf(' ')));
    }

    /**
     * JVM i holds {@code names[i]}, then waits for {@code inner[i]}. Returns the victim's detection
     * time in milliseconds, a space, and its message.
     */
    static String breaksCycle(List<ScenarioClient> jvms, List<String> names, List<String> inner) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        List<String> memberIds = new ArrayList<>();
        for (int i = 0; i < jvms.size(); i++) {
            ScenarioClient jvm = jvms.get(i);
            jvm.awaitControlPort(SECONDS);
            memberIds.add(jvm.ok("PING", 10).get("memberId"));
            String nest = names.get(i) + ">" + inner.get(i);
            assertThat(jvm.ok("START " + run + i + " nest " + nest, SECONDS).get("state"))
                    .as("%s holds %s", jvm.name, names.get(i))
                    .isEqualTo("inside");
        }
        for (int i = 0; i < jvms.size(); i++) {
            jvms.get(i).ok("GO " + run + i, 10);
        }
        List<ScenarioClient.Reply> outcomes = new ArrayList<>();
        for (int i = 0; i < jvms.size(); i++) {
            outcomes.add(jvms.get(i).ok("JOIN " + run + i + " " + SECONDS, SECONDS + 5));
        }
        List<ScenarioClient.Reply> victims = outcomes.stream()
                .filter(reply -> reply.line.contains("exception=dev.coordination.LockDeadlockException"))
                .toList();
        assertThat(victims).as("one call of the cycle fails: %s", outcomes).hasSize(1);
        assertThat(outcomes.stream().filter(reply -> reply.get("outcome").equals("ran")))
                .as("the others take their inner names: %s", outcomes)
                .hasSize(jvms.size() - 1);
        ScenarioClient.Reply victim = victims.get(0);
        String message = victim.get("message");
        assertThat(message)
                .contains("to break a deadlock", "Deadlock across " + jvms.size() + " JVMs")
                .contains("Jobs#nest(String, String, Jobs.Job)");
        for (int i = 0; i < jvms.size(); i++) {
            assertThat(message)
                    .contains("\"" + names.get(i) + "\" held by " + memberIds.get(i) + " thread \"job-" + run + i);
        }
        long millis = victim.number("at") - victim.number("innerStart");
        System.out.printf(
                "DeadlockIT: %d-JVM cycle (%s) broken %d ms after the victim began to wait%n",
                jvms.size(), String.join(", ", names) + " > " + String.join(", ", inner), millis);
        assertThat(millis).as("detection time").isLessThan(BOUND_MILLIS);
        return millis + " " + message;
    }
}
