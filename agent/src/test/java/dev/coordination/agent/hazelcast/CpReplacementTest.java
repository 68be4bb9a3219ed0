package dev.coordination.agent.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import dev.coordination.agent.config.AgentConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code cp remove-missing} on a CP group of three embedded members in this JVM, one of them
 * terminated: refused while no spare member can take the seat (nothing removed), then the whole
 * replacement once one joined.
 */
class CpReplacementTest {

    private static final String SETTINGS = "cp-member-count=3,session-ttl=10,heartbeat=1";

    @Test
    void refusesWithoutASpareThenReplacesTheDeadMemberOnceOneJoined() throws Exception {
        List<HazelcastLockBackend> members = new ArrayList<>(Backends.start(3, SETTINGS));
        try {
            AgentConfig admin = AgentConfig.load(new Properties(), Backends.clusterOf(members.get(0)) + "," + SETTINGS);
            members.get(2).startedInstance().getLifecycleService().terminate();
            awaitClusterSize(members.get(0).startedInstance(), 2);

            List<String> refused = new ArrayList<>();
            assertThatThrownBy(() -> CpAdmin.run(admin, "remove-missing", null, refused::add))
                    .isInstanceOf(CpAdminFailedException.class)
                    .hasMessageContaining("1 CP seat(s) to fill (1 CP member(s) missing), but 0 data member(s)")
                    .hasMessageContaining("nothing was removed");
            assertThat(refused).singleElement().asString().contains("3 CP members (2 present, 1 MISSING");

            members.add(Backends.join(members.get(0), "spare", SETTINGS));
            List<String> lines = new ArrayList<>();
            CpAdmin.run(admin, "remove-missing", null, lines::add);
            assertThat(String.join("\n", lines))
                    .contains("data members that are not CP members: [127.0.0.1]")
                    .contains("removed missing CP member")
                    .contains("took a free seat")
                    .contains("CP group METADATA: 3 members, all present, each running its Raft node")
                    .contains("CP group default: 3 members, all present, each running its Raft node")
                    .contains("done in");
            assertThat(members.get(3)
                            .startedInstance()
                            .getCPSubsystem()
                            .getCPSubsystemManagementService()
                            .getLocalCPMember())
                    .as("the spare took the seat")
                    .isNotNull();

            List<String> again = new ArrayList<>();
            CpAdmin.run(admin, "remove-missing", null, again::add);
            assertThat(again).last().asString().contains("(no CP member was missing)");
        } finally {
            // Terminated, not shut down: a graceful shutdown of CP members waits for the majority it
            // takes away, and no test here is about shutting down.
            for (HazelcastLockBackend member : members) {
                HazelcastInstance instance = member.startedInstance();
                if (instance != null && instance.getLifecycleService().isRunning()) {
                    instance.getLifecycleService().terminate();
                }
                member.stop();
            }
        }
    }

    private static void awaitClusterSize(HazelcastInstance instance, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (instance.getCluster().getMembers().size() != size) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the cluster did not get to " + size + " members within 60 s: "
                        + instance.getCluster().getMembers());
            }
            Thread.sleep(50);
        }
    }
}
