package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every JVM of a cluster maps names onto the same number of stripes ({@code
 * coordination.lock-stripes}): the first records its count in the cluster, and a JVM started with
 * another count refuses every lock (the body never runs) with one line naming the setting and both
 * counts, while the JVMs with the cluster's count go on locking.
 */
class LockStripesIT {

    private static final long SECONDS = 90;

    @Test
    void aJvmWithAnotherStripeCountThanItsClusterRefusesEveryLockNamingTheSettingAndBothCounts() throws Exception {
        Path dir = AgentJvm.workDir("stripes");
        int first = Ports.freeBlock(2);
        String cluster = Ports.cluster("stripes", first, 2, "allow-unsafe-cluster=true");
        try (ScenarioClient one = ScenarioClient.start("jvm1", dir, cluster + ",lock-stripes=8192")
                .awaitControlPort(SECONDS)) {
            one.ok("WARMUP stripes-first " + SECONDS, SECONDS + 10);
            try (ScenarioClient two = ScenarioClient.start("jvm2", dir, cluster + ",lock-stripes=16384")
                    .awaitControlPort(SECONDS)) {
                String mismatch = "coordination.lock-stripes=16384 in this JVM, but the cluster's JVMs use 8192";
                Reply facade = two.send("WARMUP stripes-facade " + SECONDS, SECONDS + 10);
                assertThat(facade.line)
                        .as("Coordination.getLock(...).tryLock in jvm2, once its member joined")
                        .startsWith("ERR dev.coordination.LockAcquireFailedException: lock \"stripes-facade\"")
                        .contains(mismatch);
                for (int i = 0; i < 3; i++) {
                    Reply timed = two.ok("TIMED stripes-volume", 30);
                    assertThat(timed.get("outcome")).as(timed.line).isEqualTo("failed");
                    assertThat(timed.get("bodyRan")).as(timed.line).isEqualTo("false");
                    assertThat(timed.get("message")).contains("LockAcquireFailedException");
                    assertThat(timed.line).contains(mismatch);
                }
                Reply kept = one.ok("TIMED stripes-volume", 30);
                assertThat(kept.get("outcome"))
                        .as("jvm1, with the cluster's count, locks as before: %s", kept.line)
                        .isEqualTo("ran");
                assertThat(two.jvm.output().lines().filter(line -> line.contains(" ERROR ") && line.contains(mismatch)))
                        .as("jvm2 logs the mismatch once, at start")
                        .hasSize(1);
            }
        }
    }
}
