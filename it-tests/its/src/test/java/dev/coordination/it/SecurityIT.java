package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ProcSockets.TcpSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the agent exposes on the network, read from Linux's {@code /proc} while a {@code QuietLockApp}
 * JVM (which opens no socket of its own) waits after taking a lock: an embedded member with default
 * network settings listens on 127.0.0.1 only, a client-mode JVM listens on nothing, and a member
 * with another cluster name is refused, with a WARN line on both sides.
 */
class SecurityIT {

    private static final String APP = "dev.coordination.it.apps.QuietLockApp";
    private static final long SECONDS = 90;

    @Test
    void anEmbeddedMemberWithDefaultNetworkSettingsListensOnLoopbackOnly() throws Exception {
        Path dir = AgentJvm.workDir("security-bind");
        // The default members (127.0.0.1, no port) make Hazelcast look for peers on port..port+2.
        int port = Ports.freeBlock(3);
        String args = "cluster-name=security-bind-" + port + ",port=" + port;
        try (AgentJvm jvm = AgentJvm.start("embedded", dir, args, APP, dir.toString(), "bind")) {
            AgentJvm.awaitFile(dir.resolve("locked-bind"), SECONDS, jvm);
            List<TcpSocket> listening = ProcSockets.listening(jvm.process.pid());
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            assertThat(listening)
                    .as("listening sockets of the embedded JVM (%s)", listening)
                    .isNotEmpty()
                    .allSatisfy(socket -> assertThat(socket.local())
                            .as("%s: bound to a wildcard or another" + " address instead of 127.0.0.1", socket)
                            .isEqualTo(loopback));
            assertThat(listening.stream().map(TcpSocket::localPort).collect(Collectors.toList()))
                    .as("the Hazelcast member port is among them: %s", listening)
                    .contains(port);
            System.out.printf("SecurityIT: embedded member (default interface) listens on: %s%n", listening);
            exitCleanly(jvm, dir, "bind");
        }
    }

    @Test
    void aClientModeJvmListensOnNoPort() throws Exception {
        Path dir = AgentJvm.workDir("security-client");
        int port = Ports.freeBlock(1);
        try (DedicatedMember member =
                DedicatedMember.start("member", dir, DedicatedMember.settings("security-client", port, 1, 0, ""))) {
            member.awaitReady(SECONDS);
            String args = Ports.cluster("security-client", port, 1, "mode=client");
            try (AgentJvm client = AgentJvm.start("client", dir, args, APP, dir.toString(), "client")) {
                AgentJvm.awaitFile(dir.resolve("locked-client"), SECONDS, client);
                List<TcpSocket> sockets = ProcSockets.of(client.process.pid());
                assertThat(sockets)
                        .as("the client JVM is connected to the member (so /proc was read right)")
                        .anySatisfy(socket -> {
                            assertThat(socket.remotePort()).isEqualTo(port);
                            assertThat(socket.state()).isEqualTo(ProcSockets.ESTABLISHED);
                        });
                assertThat(sockets.stream().filter(socket -> socket.state() == ProcSockets.LISTEN))
                        .as("listening sockets of the client-mode JVM; all its sockets: %s", sockets)
                        .isEmpty();
                System.out.printf("SecurityIT: client-mode JVM's TCP sockets: %s%n", sockets);
                exitCleanly(client, dir, "client");
            }
        }
    }

    @Test
    void aMemberWithAnotherClusterNameIsRefusedAndBothSidesLogIt() throws Exception {
        Path dir = AgentJvm.workDir("security-name");
        int first = Ports.freeBlock(2);
        String nameA = "security-a-" + first;
        String nameB = "security-b-" + first;
        String members = ",members=127.0.0.1:" + first;
        try (AgentJvm a = AgentJvm.start(
                "cluster-a", dir, "cluster-name=" + nameA + ",port=" + first + members, APP, dir.toString(), "a")) {
            AgentJvm.awaitFile(dir.resolve("locked-a"), SECONDS, a);
            // B's only peer is A's port: it asks A to let it join, and A refuses.
            try (AgentJvm b = AgentJvm.start(
                    "cluster-b",
                    dir,
                    "cluster-name=" + nameB + ",port=" + (first + 1) + members,
                    APP,
                    dir.toString(),
                    "b")) {
                AgentJvm.awaitFile(dir.resolve("locked-b"), SECONDS, a, b);
                String refused = a.awaitLine(
                        "Received an invalid join request from [127.0.0.1]:" + (first + 1)
                                + ", cause: members part of different cluster",
                        SECONDS);
                String refusedBy = b.awaitLine(
                        "Node could not join cluster at node: [127.0.0.1]:" + first
                                + " Cause: the target cluster has a different cluster-name",
                        SECONDS);
                assertThat(refused)
                        .as("the refusing member's line passes the default log level")
                        .contains(" WARN ")
                        .contains("com.hazelcast.internal.cluster.impl.ClusterJoinManager");
                assertThat(refusedBy)
                        .as("the refused member's line passes the default log level")
                        .contains(" WARN ")
                        .contains("com.hazelcast.cluster");
                // Membership is mutual: B alone in its cluster means A did not take it in either.
                assertThat(b.awaitLine(" ready in ", SECONDS))
                        .as("B formed a cluster of its own")
                        .contains("cluster \"" + nameB + "\", 1 member(s)");
                assertThat(a.awaitLine(" ready in ", SECONDS)).contains("cluster \"" + nameA + "\", 1 member(s)");
                System.out.printf(
                        "SecurityIT: cluster-name mismatch logged by the member asked:%n  %s%n"
                                + "and by the member refused:%n  %s%n",
                        refused, refusedBy);
                exitCleanly(b, dir, "b");
            }
            exitCleanly(a, dir, "a");
        }
    }

    private static void exitCleanly(AgentJvm jvm, Path dir, String name) throws Exception {
        Files.createFile(dir.resolve("exit-" + name));
        assertThat(jvm.awaitExit(60))
                .as("exit code of %s; its log:\n%s", name, jvm.output())
                .isZero();
    }
}
