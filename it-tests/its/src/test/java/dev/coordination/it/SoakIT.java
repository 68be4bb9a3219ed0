package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Member memory stays flat under calls that end without the lock. Hazelcast 5.4 keeps, in a lock's
 * state, an entry for every call that was refused or timed out, per (session, thread id), until that
 * endpoint next holds and frees the lock or its session closes (hazelcast#17709), which may be as
 * long as the caller's JVM runs. One embedded member holds a lock; a client JVM makes calls on it
 * that time out, calls that do not wait, and calls each on a thread of its own; the member's heap
 * after a full GC is compared before and after.
 *
 * <p>{@code mvn -B verify -Psoak} runs the long form ({@code -Dit.soak.minutes=30}): the same
 * traffic for that long, printing the member's heap every minute, then again against a CP group of
 * three (the holder's JVM and two dedicated members), printing the holder's heap and its Raft log.
 */
class SoakIT {

    /** Calls per kind in the short form. */
    private static final int CALLS = 10_000;
    /** What the short form allows the member's heap to grow by: about 20 bytes a call, far less than a kept entry. */
    private static final long BOUND_BYTES = 500_000;
    /**
     * A CP member keeps every Raft log entry since the last snapshot, which Hazelcast takes every
     * 100,000 commits: its heap rises and falls by that many entries whatever the calls leave
     * behind, so only a growth beyond that shows a leak.
     */
    private static final long RAFT_LOG_BOUND_BYTES = 30_000_000;

    private static final long MINUTES = Long.getLong("it.soak.minutes", 0);

    @Test
    void memberHeapStaysFlatUnderCallsThatEndWithoutTheLock() throws Exception {
        Path dir = AgentJvm.workDir("soak");
        int port = Ports.freeBlock(3);
        String member = Ports.cluster("soak", port, 1, "session-ttl=300,heartbeat=5");
        String client = "mode=client,cluster-name=soak-" + port + ",members=127.0.0.1:" + port;
        try (ScenarioClient holder = ScenarioClient.start("member", dir, member).awaitControlPort(90);
                ScenarioClient caller =
                        ScenarioClient.start("client", dir, client).awaitControlPort(90)) {
            soak(holder, caller, false);
        }
    }

    @Test
    void raftMembersStayFlatToo() throws Exception {
        Assumptions.assumeTrue(MINUTES > 0, "the CP group of three runs in the long form only (-Psoak)");
        Path dir = AgentJvm.workDir("soak-cp");
        int first = Ports.freeBlock(3);
        String settings = "cp-member-count=3,session-ttl=300,heartbeat=5";
        List<DedicatedMember> members = new ArrayList<>();
        try {
            for (int i = 1; i < 3; i++) {
                members.add(DedicatedMember.start(
                        "member" + (i + 1), dir, DedicatedMember.settings("soak-cp", first, 3, i, settings)));
            }
            String holderArgs = DedicatedMember.settings("soak-cp", first, 3, 0, settings);
            String client = "mode=client,cluster-name=soak-cp-" + first + ",members=127.0.0.1:" + first;
            try (ScenarioClient holder =
                    ScenarioClient.start("holder", dir, holderArgs).awaitControlPort(90)) {
                holder.ok("WARMUP soak-warmup 120", 130);
                try (ScenarioClient caller =
                        ScenarioClient.start("client", dir, client).awaitControlPort(90)) {
                    soak(holder, caller, true);
                }
            }
        } finally {
            members.forEach(DedicatedMember::close);
        }
    }

    /** The holder holds soak-1, the caller calls; the holder's heap before and after, and over time. */
    private static void soak(ScenarioClient holder, ScenarioClient caller, boolean raft) throws Exception {
        long minutes = MINUTES;
        holder.ok("WARMUP soak-warmup 90", 100);
        caller.ok("WARMUP soak-warmup 90", 100);
        assertThat(holder.ok("START held hold soak-1", 60).get("state")).isEqualTo("inside");
        round(caller, 2_000); // warm-up: classes, pools, the member's first entries
        long before = heap(holder);
        long begin = System.nanoTime();
        if (minutes == 0) {
            round(caller, CALLS);
        } else {
            long end = begin + TimeUnit.MINUTES.toNanos(minutes);
            long nextReport = begin;
            long calls = 0;
            while (System.nanoTime() < end) {
                calls += round(caller, CALLS);
                if (System.nanoTime() >= nextReport) {
                    long now = heap(holder);
                    System.out.printf(
                            "SoakIT: %s%,d s, %,d calls: member heap %,d bytes (%+,d)%s%n",
                            raft ? "CP group of 3: " : "",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin),
                            calls,
                            now,
                            now - before,
                            raft ? "; " + raftLog(holder) : "");
                    nextReport += TimeUnit.MINUTES.toNanos(1);
                }
            }
        }
        long after = heap(holder);
        System.out.printf(
                "SoakIT: %smember heap after a full GC: %,d bytes before, %,d after the calls (%+,d)%n",
                raft ? "CP group of 3: " : "", before, after, after - before);
        assertThat(after - before)
                .as(
                        "member heap growth over %s",
                        minutes == 0 ? (2 * CALLS + CALLS / 4) + " calls" : minutes + " minutes")
                .isLessThan(raft ? RAFT_LOG_BOUND_BYTES : BOUND_BYTES);
        assertThat(holder.ok("RELEASE held", 60).get("outcome")).isEqualTo("ran");
        assertThat(caller.ok("TIMED soak-1", 30).get("outcome"))
                .as("the lock is free again")
                .isEqualTo("ran");
    }

    /** {@code calls} of each kind: timed-out waits, refused tries, and waits each on a new thread. */
    private static long round(ScenarioClient caller, int calls) throws Exception {
        for (String kind : List.of("wait", "try", "churn")) {
            Reply done = caller.ok("SOAK soak-1 8 " + (kind.equals("churn") ? calls / 4 : calls) + " 5 " + kind, 600);
            assertThat(done.number("acquired"))
                    .as("held by the member: %s", done)
                    .isZero();
            if (MINUTES == 0) {
                System.out.printf("SoakIT: %s: %s%n", kind, done.line);
            }
        }
        return 2L * calls + calls / 4;
    }

    /** The default CP group's log as the holder's member keeps it. */
    private static String raftLog(ScenarioClient jvm) throws Exception {
        Reply groups = jvm.ok("CPGROUPS", 30);
        return "Raft commit index " + groups.get("default.commitIndex") + ", snapshot at "
                + groups.get("default.snapshotIndex") + ", " + groups.get("default.logEntries") + " log entries held";
    }

    private static long heap(ScenarioClient jvm) throws Exception {
        return jvm.ok("HEAP", 120).number("usedBytes");
    }
}
