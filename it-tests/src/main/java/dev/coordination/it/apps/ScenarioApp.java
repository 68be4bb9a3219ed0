package dev.coordination.it.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * A JVM the integration tests steer while it runs, so one expensive cluster (a CP subsystem of three
 * takes 12-15 s to form) serves many scenarios. Started with the agent as {@code ScenarioApp DIR
 * NAME}; it listens on an ephemeral port of 127.0.0.1 and announces the port in file {@code
 * control-NAME} of DIR. Each connection carries one command line and gets one reply line: {@code OK
 * key=value ...} or {@code ERR what}; a {@code message=} pair, when present, is last and runs to the
 * end of the line. The commands are in {@link Commands}.
 */
public final class ScenarioApp {

    private ScenarioApp() {}

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        String name = args[1];
        exitWithParent();
        Commands commands = new Commands(dir, name);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            announce(dir.resolve("control-" + name), server.getLocalPort());
            while (true) {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> serve(socket, commands), "control-" + name);
                handler.setDaemon(true);
                handler.start();
            }
        }
    }

    private static void serve(Socket socket, Commands commands) {
        try (socket;
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
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
    private static void announce(Path file, int port) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, Integer.toString(port), StandardCharsets.US_ASCII);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A test JVM that dies without killing its children must not leave members running. */
    private static void exitWithParent() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            System.err.println("ScenarioApp: the test JVM exited; halting");
            Runtime.getRuntime().halt(3);
        }));
    }
}
