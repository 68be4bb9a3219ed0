package dev.coordination.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives one {@code ScenarioApp} JVM: starts it with the agent, finds its control port (or, for a
 * JVM in a network namespace of its own, its Unix socket), and sends it one command per connection
 * with a bounded wait for the reply, so a hung JVM fails the test with its log instead of hanging
 * the build.
 */
final class ScenarioClient implements AutoCloseable {

    static final String APP = "dev.coordination.it.apps.ScenarioApp";

    final AgentJvm jvm;
    final String name;
    private final Path portFile;
    /** The Unix socket the JVM listens on, or null when it listens on a port of 127.0.0.1. */
    private final Path socket;

    private int port;

    private ScenarioClient(AgentJvm jvm, String name, Path portFile, Path socket) {
        this.jvm = jvm;
        this.name = name;
        this.portFile = portFile;
        this.socket = socket;
    }

    /** Starts the JVM; {@link #awaitControlPort} waits until it listens. */
    static ScenarioClient start(String name, Path dir, String agentArgs) throws IOException {
        return start(name, dir, agentArgs, List.of());
    }

    /** As {@link #start(String, Path, String)}, with JVM options for the started JVM. */
    static ScenarioClient start(String name, Path dir, String agentArgs, List<String> jvmOptions) throws IOException {
        return new ScenarioClient(
                AgentJvm.startWithOptions(
                        name, dir, jvmOptions, agentArgs, AgentJvm.appClassPath(), APP, dir.toString(), name),
                name,
                dir.resolve("control-" + name),
                null);
    }

    /**
     * Starts the JVM on host {@code host} of {@code lab}, where it binds its member to the host's
     * address; the test reaches it over a Unix socket, which crosses network namespaces.
     */
    static ScenarioClient startOn(
            NetworkLab lab, int host, String name, Path dir, String agentArgs, List<String> jvmOptions)
            throws IOException {
        Path socket = ControlSockets.path(name);
        AgentJvm jvm = AgentJvm.startInside(
                command -> lab.inside(host, command),
                name,
                dir,
                jvmOptions,
                agentArgs,
                AgentJvm.appClassPath(),
                APP,
                dir.toString(),
                name,
                socket.toString());
        lab.owns(jvm.process);
        return new ScenarioClient(jvm, name, dir.resolve("control-" + name), socket);
    }

    ScenarioClient awaitControlPort(long seconds) throws Exception {
        AgentJvm.awaitFile(portFile, seconds, jvm);
        if (socket == null) {
            port = Integer.parseInt(Files.readString(portFile).trim());
        }
        return this;
    }

    /** Sends a command and returns its reply, whatever it says. */
    Reply send(String command, long seconds) throws Exception {
        if (socket != null) {
            return new Reply(command, ControlSockets.exchange(socket, command, seconds, this::failure));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(seconds));
            PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.println(command);
            String line = in.readLine();
            if (line == null) {
                throw failure("closed the connection without replying to \"" + command + "\"", null);
            }
            return new Reply(command, line);
        } catch (SocketTimeoutException e) {
            throw new AssertionError(
                    name + " did not reply to \"" + command + "\" within " + seconds + " s; its log:\n" + jvm.output(),
                    e);
        } catch (IOException e) {
            throw new AssertionError(
                    name + " could not be reached for \"" + command + "\" (alive: " + jvm.process.isAlive()
                            + "); its log:\n" + jvm.output(),
                    e);
        }
    }

    private AssertionError failure(String what, Throwable cause) {
        String log;
        try {
            log = jvm.output();
        } catch (IOException e) {
            log = "(unreadable: " + e + ")";
        }
        return new AssertionError(
                name + " " + what + " (alive: " + jvm.process.isAlive() + "); its log:\n" + log, cause);
    }

    /** Sends a command that must succeed. */
    Reply ok(String command, long seconds) throws Exception {
        Reply reply = send(command, seconds);
        if (!reply.ok) {
            throw new AssertionError(name + " answered \"" + command + "\" with: " + reply.line);
        }
        return reply;
    }

    @Override
    public void close() {
        jvm.close();
    }

    /** {@code OK key=value ... message=rest of the line} or {@code ERR what}. */
    static final class Reply {
        final String command;
        final String line;
        final boolean ok;
        private final Map<String, String> values = new LinkedHashMap<>();

        Reply(String command, String line) {
            this.command = command;
            this.line = line;
            this.ok = line.startsWith("OK");
            String rest = line.substring(Math.min(line.length(), ok ? 3 : 4));
            int message = rest.startsWith("message=") ? 0 : rest.indexOf(" message=");
            if (message >= 0) {
                int start = rest.indexOf("message=", message) + "message=".length();
                values.put("message", rest.substring(start));
                rest = rest.substring(0, message);
            }
            for (String pair : rest.split(" ")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    values.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
        }

        String get(String key) {
            String value = values.get(key);
            if (value == null) {
                throw new AssertionError("no " + key + " in the reply to \"" + command + "\": " + line);
            }
            return value;
        }

        long number(String key) {
            return Long.parseLong(get(key));
        }

        @Override
        public String toString() {
            return line;
        }
    }
}
