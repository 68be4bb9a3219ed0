package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * A long-running service meets a lock name per volume, snapshot and attachment. Names share a fixed
 * set of CP locks (lock stripes), so one JVM that takes 100,000 distinct names keeps its member's
 * heap bounded, where a CP lock per name would grow it with every new name. {@code
 * synchronizedRemove} frees the names' directory entries, returns their count, keeps held ones,
 * and a removed name locks exactly as before with a larger fence. One embedded member, unsafe
 * mode (where Hazelcast's own CP object listing does not work); {@code CpClusterIT} does the same
 * with Raft.
 */
class NamesIT {

    private static final int NAMES = 100_000;
    private static final long MB = 1024 * 1024;

    @Test
    void hundredThousandNamesKeepTheHeapBoundedAndRemoveFreesThem() throws Exception {
        try (ScenarioCluster cluster = ScenarioCluster.start("names", 1, "cp-member-count=0,lock-stripes=4096")) {
            ScenarioClient jvm = cluster.jvm(1);
            long fenceBefore = jvm.ok("TRY n-7", 60).number("fence");
            jvm.ok("NAMES warm- 2000", 120);
            jvm.ok("REMOVE warm-*", 60);
            long before = jvm.ok("HEAP", 60).number("usedBytes");

            Reply churn = jvm.ok("NAMES n- " + NAMES, 600);
            long after = jvm.ok("HEAP", 60).number("usedBytes");
            Reply removed = jvm.ok("REMOVE n-*", 120);
            long afterRemove = jvm.ok("HEAP", 60).number("usedBytes");

            System.out.printf(
                    "NamesIT: member heap %,d MB before, %,d MB after %,d distinct names (+%,d MB),"
                            + " %,d MB after synchronizedRemove (%s names in %s ms); lock+unlock of a new name:"
                            + " first thousand %s us, last thousand %s us each%n",
                    before / MB,
                    after / MB,
                    NAMES,
                    (after - before) / MB,
                    afterRemove / MB,
                    removed.get("removed"),
                    removed.get("millis"),
                    churn.get("firstThousandMicros"),
                    churn.get("lastThousandMicros"));
            assertThat(removed.number("removed"))
                    .as("every name taken, n-7 included, was recorded and freed")
                    .isEqualTo(NAMES);
            assertThat(after - before)
                    .as(
                            "heap growth for %,d names: bounded by the 4,096 stripes and the"
                                    + " name directory (22 MB measured), far below a CP lock per name (550 MB)",
                            NAMES)
                    .isLessThan(60 * MB);
            assertThat(afterRemove)
                    .as("synchronizedRemove gives the directory's memory back")
                    .isLessThan(after);
            assertThat(afterRemove - before)
                    .as("what stays: the 4,096 stripes (5 MB measured)")
                    .isLessThan(30 * MB);

            long fenceAfter = jvm.ok("TRY n-7", 60).number("fence");
            assertThat(fenceAfter)
                    .as("a removed name locks again, and its fences only grow")
                    .isGreaterThan(fenceBefore);
            assertThat(jvm.ok("REMOVE nothing-*", 60).number("removed")).isZero();
        }
    }

    @Test
    void heldNamesAreKeptAndFalseContentionIsRare() throws Exception {
        try (ScenarioCluster cluster = ScenarioCluster.start("held", 1, "cp-member-count=0,lock-stripes=4096")) {
            ScenarioClient jvm = cluster.jvm(1);
            assertThat(jvm.ok("START holder hold keep-1", 60).get("state")).isEqualTo("inside");
            jvm.ok("TRY keep-2", 60);

            Reply whileHeld = jvm.ok("REMOVE keep-*", 60);
            assertThat(whileHeld.number("removed"))
                    .as("keep-1 is held, keep-2 is not: %s", whileHeld)
                    .isEqualTo(1);
            jvm.ok("RELEASE holder", 60);
            assertThat(jvm.ok("REMOVE keep-*", 60).number("removed"))
                    .as("keep-1, once released")
                    .isEqualTo(1);

            int threads = 8;
            Reply contention = jvm.ok("FALSE " + threads + " 5", 120);
            double rate = (double) contention.number("refused") / contention.number("tries");
            System.out.printf(
                    "NamesIT: false contention with %d threads each holding a fresh name:"
                            + " %s of %s non-blocking tries refused (%.3f %%; %d other holders / 4096 stripes ="
                            + " %.3f %%)%n",
                    threads,
                    contention.get("refused"),
                    contention.get("tries"),
                    rate * 100,
                    threads - 1,
                    (threads - 1) * 100.0 / 4096);
            assertThat(rate)
                    .as("never-used names are refused only when their stripe is held: %s", contention)
                    .isLessThan(0.02);
        }
    }
}
