package dev.coordination.agent.cli;

import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.config.InvalidConfigurationException;
import dev.coordination.agent.hazelcast.StandaloneMember;
import dev.coordination.agent.health.HealthEndpoint;
import dev.coordination.agent.health.HealthEndpointException;
import dev.coordination.agent.jmx.CpSource;
import dev.coordination.agent.jmx.MetricsPublisher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code member}: a standalone Hazelcast member that holds locks for applications in client mode.
 * One "ready" line on standard output once it serves locks; one line on standard error and exit
 * status 2 when it cannot start; SIGTERM leaves the cluster gracefully. With {@code
 * coordination.health-port} it answers HTTP health probes from before Hazelcast starts (so that
 * "starting" and "forming" can be seen) until the JVM ends.
 */
final class MemberCommand {

    private MemberCommand() {}

    static void run(AgentConfig config) {
        if (config.backend() == AgentConfig.Backend.ZOOKEEPER) {
            System.err.println("coordination: invalid configuration: the member command runs a Hazelcast member;"
                    + " with coordination.backend=zookeeper the locks live in the ZooKeeper ensemble, which needs"
                    + " no member");
            System.exit(2);
            return;
        }
        StandaloneMember member;
        PrintStream stderr = System.err;
        ByteArrayOutputStream parserNoise = new ByteArrayOutputStream();
        try {
            // The XML parser and Hazelcast report a broken file at length; the one line below says it all.
            System.setErr(new PrintStream(parserNoise, true, StandardCharsets.UTF_8));
            member = StandaloneMember.configure(config);
        } catch (InvalidConfigurationException e) {
            System.setErr(stderr);
            System.err.println("coordination: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        } finally {
            System.setErr(stderr);
        }
        System.err.print(parserNoise.toString(StandardCharsets.UTF_8));
        if (config.healthPort() != 0) {
            try {
                HealthEndpoint.start(config.networkInterface(), config.healthPort(), member.healthProbe());
            } catch (HealthEndpointException e) {
                System.err.println("coordination: no health endpoint: " + e.getMessage());
                System.exit(2);
                return;
            }
        }
        try {
            member.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            System.err.println("coordination: the member could not start: " + e);
            System.exit(2);
            return;
        }
        System.out.println(member.readyLine());
        MetricsPublisher.publishCpInBackground(CpSource.of(member::consensusGroups, member::cpStatus));
        try {
            member.runUntilStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
