package dev.coordination.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One command per connection to a {@code ScenarioApp}'s control port, with bounded socket
 * timeouts; a reply other than {@code OK ...} fails with the JVM's output. Test class path.
 */
final class AppControl {

    private final int port;
    private final ExtraJvms.Jvm jvm;

    AppControl(int port, ExtraJvms.Jvm jvm) {
        this.port = port;
        this.jvm = jvm;
    }

    /**
     * Starts {@code ScenarioApp} as {@code name} with the agent and {@code agentArgs}; {@link #await}
     * waits for its control port, so several JVMs can start together first.
     */
    static ExtraJvms.Jvm launch(BenchContext context, ExtraJvms jvms, Path dir, String name, String agentArgs)
            throws Exception {
        Files.deleteIfExists(dir.resolve("control-" + name));
        return jvms.start(
                name,
                dir,
                List.of(
                        ExtraJvms.java(),
                        "-javaagent:" + context.agentJar.toAbsolutePath() + "=" + agentArgs,
                        "-cp",
                        context.appsClassPath + File.pathSeparator + context.annotationsJar,
                        "dev.coordination.it.apps.ScenarioApp",
                        dir.toString(),
                        name));
    }

    /** The control of a JVM {@link #launch} started, once it wrote its control port (bounded). */
    static AppControl await(ExtraJvms.Jvm jvm, Path dir, long seconds) throws Exception {
        Path portFile = dir.resolve("control-" + jvm.name);
        jvm.awaitReady(null, portFile, seconds);
        return new AppControl(Integer.parseInt(Files.readString(portFile).trim()), jvm);
    }

    long number(String command, String key, long seconds) throws Exception {
        return Long.parseLong(send(command, seconds).get(key));
    }

    Map<String, String> send(String command, long seconds) throws Exception {
        String reply;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout((int) (seconds * 1000));
            PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.println(command);
            reply = in.readLine();
        }
        if (reply == null || !reply.startsWith("OK")) {
            throw new IllegalStateException(jvm.name + " answered \"" + command + "\" with: " + reply
                    + "; its output:\n" + Files.readString(jvm.output));
        }
        Map<String, String> values = new HashMap<>();
        for (String pair : reply.substring(2).trim().split(" ")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return values;
    }
}
