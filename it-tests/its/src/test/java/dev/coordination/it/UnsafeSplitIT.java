package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Why several JVMs without a CP subsystem fail closed unless told otherwise: two embedded members
 * in unsafe mode ({@code cp-member-count=0}, allowed by {@code allow-unsafe-cluster=true}), each in a
 * network namespace of its own ({@link NetworkLab}), split in two while one holds a lock. Each side
 * serves the lock on its own, so the other side grants it too, with fences of its own; the test
 * records both holders and their fences, as evidence for the rule.
 */
class UnsafeSplitIT {

    private static final long TTL_SECONDS = 10;

    @Test
    void bothSidesOfASplitGrantTheSameLockWithoutACpSubsystem() throws Exception {
        String unavailable = NetworkLab.unavailable();
        if (unavailable != null) {
            System.out.println("UnsafeSplitIT skipped: " + unavailable);
        }
        Assumptions.assumeTrue(unavailable == null, "UnsafeSplitIT skipped: " + unavailable);
        Path dir = AgentJvm.workDir("unsafe-split");
        try (NetworkLab lab = NetworkLab.create(2);
                FencedStore store = FencedStore.open();
                LabCluster cluster = new LabCluster(lab, dir)) {
            String members = cluster.members(1, 2);
            for (int host = 1; host <= 2; host++) {
                cluster.start(
                        host,
                        cluster.memberArgs(
                                host,
                                "unsafe-split",
                                members,
                                "cp-member-count=0," + "allow-unsafe-cluster=true,session-ttl=" + TTL_SECONDS
                                        + ",heartbeat=1"),
                        List.of());
            }
            cluster.awaitAll();
            ScenarioClient first = cluster.jvm(1);
            ScenarioClient second = cluster.jvm(2);
            long firstFence = first.ok("START held hold split-volume", 60).number("fence");
            assertThat(first.ok("WRITE held " + store.socket(), 30).get("outcome"))
                    .isEqualTo("accepted");
            assertThat(second.send("TRYNOW split-volume", 30).get("outcome"))
                    .as("one cluster: held by the first")
                    .isEqualTo("failed");

            assertThat(second.ok("START split write split-volume " + store.socket(), 60)
                            .get("state"))
                    .isEqualTo("waiting");
            long cut = System.currentTimeMillis();
            lab.isolate(1);
            Reply taken = second.ok("JOIN split 90", 100);
            long secondFence = taken.number("fence");
            String firstLateWrite = first.ok("WRITE held " + store.socket(), 30).get("outcome");
            System.out.printf(
                    "UnsafeSplitIT: split; the first JVM still holds split-volume (fence %d) and the second"
                            + " JVM got it too %,d ms after the split, with fence %d; the store took the second's write as"
                            + " %s and then the first's as %s%n",
                    firstFence, taken.number("at") - cut, secondFence, taken.get("store"), firstLateWrite);
            assertThat(taken.get("outcome"))
                    .as("two holders of one name at once: %s", taken.line)
                    .isEqualTo("ran");
            lab.heal();
            Reply released = first.ok("RELEASE held", 90);
            System.out.printf("UnsafeSplitIT: after the heal the first JVM's release: %s%n", released.line);
        }
    }
}
