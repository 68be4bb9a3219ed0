package dev.coordination.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Unix sockets for one command line and one reply line: how a test reaches processes in network
 * namespaces of their own (a socket file is seen from every namespace), with a bounded wait for the
 * reply. The sockets live in one short temporary folder per test JVM, removed when it exits: a
 * socket path may hold at most 107 bytes, and the build folder may be deeper than that.
 */
final class ControlSockets {

    private static Path folder;

    private ControlSockets() {}

    /** A fresh socket path for {@code name}. */
    static synchronized Path path(String name) throws IOException {
        if (folder == null) {
            folder = Files.createTempDirectory("cit");
            Path created = folder;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(created)));
        }
        Path socket = folder.resolve(name + ".sock");
        for (int i = 2; Files.exists(socket); i++) {
            socket = folder.resolve(name + "-" + i + ".sock");
        }
        return socket;
    }

    interface Failure {
        AssertionError of(String what, Throwable cause);
    }

    /** Sends {@code command} and returns the reply line, waiting at most {@code seconds} for it. */
    static String exchange(Path socket, String command, long seconds, Failure failure) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                Selector selector = Selector.open()) {
            ByteBuffer request = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
            while (request.hasRemaining()) {
                channel.write(request);
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw failure.of("did not reply to \"" + command + "\" within " + seconds + " s", null);
                }
                selector.select(left);
                selector.selectedKeys().clear();
                buffer.clear();
                int read = channel.read(buffer);
                if (read < 0) {
                    throw failure.of("closed the connection without replying to \"" + command + "\"", null);
                }
                reply.write(buffer.array(), 0, read);
                String text = reply.toString(StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                if (end >= 0) {
                    return text.substring(0, end);
                }
            }
        } catch (IOException e) {
            throw failure.of("could not be reached for \"" + command + "\" at " + socket, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary folder; the system cleans it up eventually
        }
    }
}
