package dev.coordination.agent.hazelcast;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.coordination.agent.config.AgentConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar coordination-agent.jar member}: a Hazelcast member that holds locks for
 * others and runs no application, configured from the same settings as the agent. Runs until the
 * process is stopped (SIGTERM shuts it down gracefully).
 */
public final class StandaloneMember {

    private static final Logger log = LoggerFactory.getLogger(StandaloneMember.class);

    private StandaloneMember() {}

    public static void run(AgentConfig settings) {
        com.hazelcast.logging.Logger.newLoggerFactory("slf4j");
        HazelcastInstance instance = Hazelcast.newHazelcastInstance(HazelcastConfigs.member(settings));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            instance.shutdown();
            stopped.countDown();
        }, "coordination-member-shutdown"));
        try {
            int cpMembers = instance.getConfig().getCPSubsystemConfig().getCPMemberCount();
            if (cpMembers > 0) {
                CpMembership.awaitDiscovery(instance, cpMembers, waiting -> { });
                CpMembership.keepFilled(instance, cpMembers);
            }
            log.info("coordination member {} ready: {}", settings.memberId(), instance.getCluster().getLocalMember());
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
