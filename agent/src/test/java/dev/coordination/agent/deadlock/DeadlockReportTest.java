package dev.coordination.agent.deadlock;

import static dev.coordination.agent.deadlock.Waits.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DeadlockReportTest {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    private static final WaitRecord SNAPSHOT_CALL = new WaitRecord(
            "node-a",
            23,
            "http-7",
            "VolumeService#detach(Volume)",
            "node-a/23/5",
            at("2026-12-08T10:15:04Z"),
            List.of("volume-1"),
            List.of(new HeldEntry("snapshot-7", at("2026-12-08T10:15:01.500Z"), "SnapshotService#create(Snapshot)")));

    private static final WaitRecord ATTACH_CALL = new WaitRecord(
            "node-b",
            41,
            "worker-3",
            "SnapshotService#create(Snapshot)",
            "node-b/41/2",
            at("2026-12-08T10:15:03Z"),
            List.of("snapshot-7"),
            List.of(new HeldEntry("volume-1", at("2026-12-08T10:15:02.120Z"), "VolumeService#attach(Volume)")));

    private static WaitCycle onlyCycle(Function<String, Object> stripeOf, WaitRecord... records) {
        List<WaitCycle> cycles = CycleFinder.find(List.of(records), stripeOf);
        assertThat(cycles).hasSize(1);
        return cycles.get(0);
    }

    @Test
    void namesEveryEdgeOfATwoJvmCycleStartingWithTheVictimsWait() {
        WaitCycle cycle = onlyCycle(null, ATTACH_CALL, SNAPSHOT_CALL);

        assertThat(DeadlockReport.message(cycle)).isEqualTo("""
                        Deadlock across 2 JVMs: this call was chosen to break it (the youngest wait)
                          "volume-1" held by node-b thread "worker-3" (#41) in VolumeService#attach(Volume) \
                        since 2026-12-08T10:15:02.120Z, which waits for "snapshot-7"
                          "snapshot-7" held by node-a thread "http-7" (#23) in SnapshotService#create(Snapshot) \
                        since 2026-12-08T10:15:01.500Z, which waits for "volume-1\"""");
        assertThat(DeadlockReport.lockName(cycle)).isEqualTo("volume-1");
        assertThat(DeadlockReport.cycleId(cycle)).isEqualTo("node-a/23/5 node-b/41/2");
    }

    @Test
    void saysWhenTheNamesOnlyShareAStripe() {
        WaitRecord waiter = waiting("node-a", 1, at("2026-12-08T10:00:02Z"), "volume-3", "snapshot-1");
        WaitRecord holder = waiting("node-b", 2, at("2026-12-08T10:00:01Z"), "snapshot-1", "volume-9");

        String message = DeadlockReport.message(onlyCycle(name -> name.substring(0, 6), waiter, holder));

        assertThat(message.lines().toList().get(1))
                .isEqualTo(
                        "  \"volume-3\" shares a lock stripe with \"volume-9\" held by node-b thread \"worker-2\" (#2)"
                                + " in Service#outer() since 2026-12-08T10:00:00Z, which waits for \"snapshot-1\"");
    }

    @Test
    void aCycleInOneJvmIsOneBetweenThreads() {
        WaitCycle cycle = onlyCycle(
                null,
                waiting("node-a", 1, 100, "b", "a"),
                waiting("node-a", 2, 200, "c", "b"),
                waiting("node-a", 3, 300, "a", "c"));

        assertThat(DeadlockReport.message(cycle))
                .startsWith(
                        "Deadlock between 3 threads of one JVM: this call was chosen to break it (the youngest wait)\n")
                .hasLineCount(4);
    }

    @Test
    void keepsEachEdgeOnOneLineWhateverTheNamesHold() {
        WaitCycle cycle = onlyCycle(
                null,
                waiting("node-a", 1, 100, "b\n\"two\"", "a\t\\"),
                waiting("node-b", 1, 200, "a\t\\", "b\n\"two\""));

        assertThat(DeadlockReport.message(cycle))
                .hasLineCount(3)
                .contains("  \"a\\t\\\\\" held by node-a")
                .contains("which waits for \"b\\n\\\"two\\\"\"");
    }

    @Test
    void quotesControlCharactersAsJavaEscapes() {
        assertThat(DeadlockReport.quote("a\u0000\u007f\u0085 🔒")).isEqualTo("\"a\\u0000\\u007f\\u0085 🔒\"");
    }
}
