package dev.coordination.it.apps;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * A JVM the integration tests steer while it runs, so one expensive cluster (a CP subsystem of three
 * is slow to form) serves many scenarios. Started with the agent as {@code ScenarioApp DIR NAME
 * [SOCKET]}; it listens on an ephemeral port of 127.0.0.1, or on Unix socket SOCKET (a JVM in a
 * network namespace of its own, which the test cannot reach over TCP), and announces the port (or
 * {@code unix}) in file {@code control-NAME} of DIR once it listens. Each connection carries one
 * command line and gets one reply line: {@code OK key=value ...} or {@code ERR what}; a {@code
 * message=} pair, when present, is last and runs to the end of the line. The commands are in {@link
 * Commands}.
 */
public final class ScenarioApp {

    private ScenarioApp() {}

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        String name = args[1];
        exitWithParent();
        Commands commands = new Commands(dir, name);
        if (args.length > 2) {
            Path socket = Paths.get(args[2]);
            Files.deleteIfExists(socket);
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                announce(dir.resolve("control-" + name), "unix");
                while (true) {
                    SocketChannel channel = server.accept();
                    handle(
                            name,
                            channel,
                            Channels.newInputStream(channel),
                            Channels.newOutputStream(channel),
                            commands);
                }
            }
        }
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            announce(dir.resolve("control-" + name), Integer.toString(server.getLocalPort()));
            while (true) {
                Socket socket = server.accept();
                handle(name, socket, socket.getInputStream(), socket.getOutputStream(), commands);
            }
        }
    }

    private static void handle(String name, Closeable connection, InputStream in, OutputStream out, Commands commands) {
        Thread handler = new Thread(() -> serve(connection, in, out, commands), "control-" + name);
        handler.setDaemon(true);
        handler.start();
    }

    private static void serve(Closeable connection, InputStream input, OutputStream output, Commands commands) {
        try (connection;
                BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(output, true, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null) {
                return;
            }
            String reply;
            try {
                reply = commands.run(line.trim().split(" "));
            } catch (Throwable e) {
                reply = "ERR " + oneLine(e);
            }
            out.println(reply.replace('\n', ' ').replace('\r', ' '));
            if (line.trim().equals("EXIT")) {
                System.exit(0); // a normal exit, after the reply went out: shutdown hooks run
            }
        } catch (IOException e) {
            System.err.println("ScenarioApp: control connection failed: " + e);
        }
    }

    /** A throwable with its stack on one line, so a test failure shows where it came from. */
    static String oneLine(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString().replaceAll("\\s*\n\\s*", " | ");
    }

    /** Written under another name and moved, so the test never reads half a port number. */
    private static void announce(Path file, String where) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, where, StandardCharsets.US_ASCII);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A test JVM that dies without killing its children must not leave members running. */
    private static void exitWithParent() {
        ProcessHandle.current()
                .parent()
                .ifPresent(parent -> parent.onExit().thenRun(() -> {
                    System.err.println("ScenarioApp: the test JVM exited; halting");
                    Runtime.getRuntime().halt(3);
                }));
    }
}
