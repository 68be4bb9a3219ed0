package dev.coordination.it.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads and writes the test's fence-checking store (the test's {@code FencedStore}) over its Unix
 * socket: {@code READ NAME} gives the value, {@code WRITE NAME FENCE READ_VALUE WRITER} writes
 * {@code READ_VALUE + 1} if the fence is larger than any the store accepted for that name.
 */
final class StoreClient {

    private final Path socket;
    private final String writer;

    StoreClient(Path socket, String writer) {
        this.socket = socket;
        this.writer = writer;
    }

    long read(String name) throws IOException {
        String reply = call("READ " + name);
        return Long.parseLong(reply.replaceAll(".*value=(\\d+).*", "$1"));
    }

    /** @return the store's outcome: {@code accepted}, {@code stale}, {@code repeated} or {@code lost-update} */
    String write(String name, long fence, long readValue) throws IOException {
        return writeAs(writer, name, fence, readValue);
    }

    /** A write recorded as made by call {@code seq} of this writer ({@code WRITER:SEQ}). */
    String write(String name, long fence, long readValue, long seq) throws IOException {
        return writeAs(writer + ":" + seq, name, fence, readValue);
    }

    private String writeAs(String who, String name, long fence, long readValue) throws IOException {
        String reply = call("WRITE " + name + " " + fence + " " + readValue + " " + who);
        return reply.replaceAll(".*outcome=(\\S+).*", "$1");
    }

    private String call(String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Channels.newOutputStream(channel), true, StandardCharsets.UTF_8)) {
            out.println(command);
            String reply = in.readLine();
            if (reply == null || !reply.startsWith("OK")) {
                throw new IOException("the store answered \"" + command + "\" with " + reply);
            }
            return reply;
        }
    }
}
