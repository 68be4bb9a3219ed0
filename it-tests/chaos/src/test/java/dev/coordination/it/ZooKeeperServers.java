package dev.coordination.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A ZooKeeper ensemble whose servers are JVMs of their own ({@code QuorumPeerMain} on the test's
 * class path), each in the network namespace of its host. Each host keeps one data folder and
 * {@code myid}, so a server started again after a kill is the same server with its data. The tick is
 * short (0.5 s) so that sessions of a few seconds are allowed. Whether a server serves is asked
 * from inside its namespace with ZooKeeper's {@code srvr} command.
 */
final class ZooKeeperServers {

    static final int CLIENT_PORT = 2181;
    static final int TICK_MILLIS = 500;

    private final NetworkLab lab;
    private final Path dir;
    private final List<Integer> hosts;

    ZooKeeperServers(NetworkLab lab, Path dir, List<Integer> hosts) {
        this.lab = lab;
        this.dir = dir;
        this.hosts = hosts;
    }

    /** {@code host:port,...} of every server, for the clients. */
    String connectString() {
        List<String> servers = new ArrayList<>();
        for (int host : hosts) {
            servers.add(lab.address(host) + ":" + CLIENT_PORT);
        }
        return String.join(",", servers);
    }

    /** Starts the server of {@code host} (its id is the host number); its output goes to {@code log}. */
    Process start(int host, Path log) throws IOException {
        Path config = config(host);
        Process process = new ProcessBuilder(lab.inside(
                        host,
                        List.of(
                                AgentJvm.javaBinary(),
                                "-Xmx128m",
                                "-XX:+UseSerialGC",
                                "-Dzookeeper.admin.enableServer=false",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "org.apache.zookeeper.server.quorum.QuorumPeerMain",
                                config.toString())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        lab.owns(process);
        return process;
    }

    private Path config(int host) throws IOException {
        Path data = dir.resolve("zk" + host + "-data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("myid"), Integer.toString(host), StandardCharsets.US_ASCII);
        StringBuilder config = new StringBuilder()
                .append("tickTime=")
                .append(TICK_MILLIS)
                .append("\ninitLimit=10\nsyncLimit=5\n")
                .append("dataDir=")
                .append(data)
                .append("\nclientPort=")
                .append(CLIENT_PORT)
                .append("\nclientPortAddress=")
                .append(lab.address(host))
                .append("\nadmin.enableServer=false\n4lw.commands.whitelist=srvr\n");
        for (int server : hosts) {
            config.append("server.")
                    .append(server)
                    .append('=')
                    .append(lab.address(server))
                    .append(":2888:3888\n");
        }
        Path file = dir.resolve("zk" + host + ".cfg");
        Files.writeString(file, config, StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * What the server on {@code host} says it is: {@code leader}, {@code follower}, {@code not serving}
     * (up but without a quorum), or {@code down} (no answer within 2 s).
     */
    String mode(int host) {
        String probe = "exec 3<>/dev/tcp/" + lab.address(host) + "/" + CLIENT_PORT + " && printf srvr >&3 && cat <&3";
        try {
            Process process = new ProcessBuilder(lab.inside(host, List.of("timeout", "2", "bash", "-c", probe)))
                    .redirectErrorStream(true)
                    .start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "down";
            }
            String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            for (String line : answer.split("\n")) {
                if (line.startsWith("Mode: ")) {
                    return line.substring("Mode: ".length()).trim();
                }
            }
            return answer.contains("not currently serving") ? "not serving" : "down";
        } catch (IOException e) {
            return "down";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "down";
        }
    }

    /** Waits until the server of {@code host} is a leader or follower; fails with its log after {@code seconds}. */
    void awaitServing(int host, Process process, Path log, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String mode;
        while (!(mode = mode(host)).equals("leader") && !mode.equals("follower")) {
            if (!process.isAlive()) {
                throw new AssertionError("ZooKeeper server " + host + " exited with " + process.exitValue()
                        + "; its log:\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "ZooKeeper server " + host + " does not serve after " + seconds + " s (" + mode + ")");
            }
            Thread.sleep(200); // polls the server's own answer
        }
    }
}
