package dev.coordination.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A storage service that checks fencing tokens, as a real one should, kept by the test in its own
 * JVM: the JVMs under test read a value and write it back under their lock, passing the lock's
 * fence. A write whose fence is not larger than the largest the store has accepted for that name is
 * refused ({@code stale}): it comes from a holder whose lock has passed on. A write that carries a
 * larger fence but was based on a value that changed since its writer read it is a <em>lost
 * update</em>: two holders were inside the same section at once and fencing did not stop it. The
 * store is reached over a Unix socket (it serves JVMs in network namespaces of their own), one
 * command per connection: {@code READ NAME} and {@code WRITE NAME FENCE READ_VALUE WRITER}.
 */
final class FencedStore implements AutoCloseable {

    /** One write the store was asked for. */
    record Write(String name, long fence, long readValue, String writer, String outcome, long atMillis) {}

    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final Map<String, long[]> state = new HashMap<>(); // name -> {value, largest fence}
    private final List<Write> writes = new ArrayList<>();

    private FencedStore(Path socket, ServerSocketChannel server) {
        this.socket = socket;
        this.server = server;
        this.acceptor = new Thread(this::accept, "fenced-store");
        this.acceptor.setDaemon(true);
    }

    static FencedStore open() throws IOException {
        Path socket = ControlSockets.path("store");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        FencedStore store = new FencedStore(socket, server);
        store.acceptor.start();
        return store;
    }

    Path socket() {
        return socket;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                Thread handler = new Thread(() -> serve(channel), "fenced-store-call");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel;
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(Channels.newOutputStream(channel), true, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line != null) {
                out.println(answer(line.trim().split(" ")));
            }
        } catch (IOException | RuntimeException e) {
            // the caller sees its connection end without a reply and records that
        }
    }

    private synchronized String answer(String[] words) {
        long[] entry = state.computeIfAbsent(words[1], name -> new long[] {0, 0});
        switch (words[0]) {
            case "READ":
                return "OK value=" + entry[0] + " fence=" + entry[1];
            case "WRITE": {
                long fence = Long.parseLong(words[2]);
                long readValue = Long.parseLong(words[3]);
                String outcome;
                if (fence <= entry[1]) {
                    outcome = fence == entry[1] ? "repeated" : "stale";
                } else {
                    outcome = readValue == entry[0] ? "accepted" : "lost-update";
                    entry[0] = readValue + 1;
                    entry[1] = fence;
                }
                writes.add(new Write(words[1], fence, readValue, words[4], outcome, System.currentTimeMillis()));
                return "OK outcome=" + outcome + " value=" + entry[0] + " fence=" + entry[1];
            }
            default:
                return "ERR unknown command " + words[0];
        }
    }

    /** Every write so far, in the order the store took them. */
    synchronized List<Write> writes() {
        return new ArrayList<>(writes);
    }

    /** The writes so far with {@code outcome}. */
    synchronized List<Write> writes(String outcome) {
        return writes.stream().filter(write -> write.outcome().equals(outcome)).toList();
    }

    /** The value of {@code name} now. */
    synchronized long value(String name) {
        return state.getOrDefault(name, new long[] {0, 0})[0];
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
