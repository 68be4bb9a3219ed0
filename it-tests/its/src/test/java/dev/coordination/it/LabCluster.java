package dev.coordination.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ScenarioApp} JVMs on the hosts of a {@link NetworkLab}, one per host, each binding its
 * Hazelcast member (or connecting as a client) on its host's address: what {@link ScenarioCluster}
 * is on 127.0.0.1, for tests that cut the network between JVMs.
 */
final class LabCluster implements AutoCloseable {

    static final long START_SECONDS = 90;
    /** Every JVM of a lab uses this port on its own address; namespaces never collide. */
    static final int PORT = 5701;

    final NetworkLab lab;
    final Path dir;
    final List<ScenarioClient> jvms = new ArrayList<>();

    LabCluster(NetworkLab lab, Path dir) {
        this.lab = lab;
        this.dir = dir;
    }

    /** {@code members=} for the hosts {@code from..to} of the lab. */
    String members(int from, int to) {
        StringBuilder members = new StringBuilder();
        for (int host = from; host <= to; host++) {
            members.append(host == from ? "" : ",")
                    .append(lab.address(host))
                    .append(':')
                    .append(PORT);
        }
        return members.toString();
    }

    /** Agent arguments of an embedded member on {@code host}. */
    String memberArgs(int host, String cluster, String members, String extra) {
        return "cluster-name=" + cluster + ",interface=" + lab.address(host) + ",port=" + PORT + ",members=" + members
                + ",agent-id=" + cluster + "-jvm" + host + (extra.isEmpty() ? "" : "," + extra);
    }

    /** Starts a JVM on {@code host} (its name: {@code jvmH}); {@link #awaitAll} waits for it. */
    ScenarioClient start(int host, String agentArgs, List<String> jvmOptions) throws Exception {
        ScenarioClient jvm = ScenarioClient.startOn(lab, host, "jvm" + host, dir, agentArgs, jvmOptions);
        jvms.add(jvm);
        return jvm;
    }

    /** Waits until every JVM listens and has taken a first lock (with a CP subsystem: once it formed). */
    void awaitAll() throws Exception {
        for (ScenarioClient jvm : jvms) {
            jvm.awaitControlPort(START_SECONDS);
        }
        ScenarioCluster.onEach(
                jvms, jvm -> jvm.ok("WARMUP warmup-" + jvm.name + " " + START_SECONDS, START_SECONDS + 10));
    }

    /** The JVM on {@code host}. */
    ScenarioClient jvm(int host) {
        for (ScenarioClient jvm : jvms) {
            if (jvm.name.equals("jvm" + host)) {
                return jvm;
            }
        }
        throw new IllegalArgumentException("no JVM on host " + host);
    }

    /**
     * The host whose member leads CP group {@code group}, as the JVMs see it, starting with the one on
     * {@code askHost}. Right after a cut heals a group can be between leaders, or a member that merged
     * back may not know the leader yet: asks every JVM in turn for up to 30 s.
     */
    int leaderOf(String group, int askHost) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < jvms.size(); i++) {
                int host = (askHost - 1 + i) % jvms.size() + 1;
                String leader = jvm(host).ok("CPGROUPS", 30).get(group + ".leader");
                for (int candidate = 1; candidate <= jvms.size(); candidate++) {
                    if (leader.equals(lab.address(candidate) + ":" + PORT)) {
                        if (!answers.isEmpty() || host != askHost) {
                            System.out.printf(
                                    "LabCluster: CP group %s's leader is on host %d, as jvm%d sees it; before: %s%n",
                                    group, candidate, host, answers);
                        }
                        return candidate;
                    }
                }
                answers.add("jvm" + host + ": \"" + leader + "\"");
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "CP group " + group + " has had no leader on a lab host for 30 s; answers: " + answers);
            }
            Thread.sleep(200); // polls the JVMs' view of the group
        }
    }

    @Override
    public void close() {
        jvms.forEach(ScenarioClient::close);
    }
}
