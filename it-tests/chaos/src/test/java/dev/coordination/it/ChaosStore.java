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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fence-checking store of a chaos run, kept in the test JVM and reached over a Unix socket (it
 * serves JVMs in network namespaces of their own), with the protocol of the apps' {@code
 * StoreClient}: {@code READ NAME} and {@code WRITE NAME FENCE READ_VALUE WRITER}. A write whose
 * fence is at least the highest accepted for its name (a reentrant call writes again under the same
 * fence) and whose read value is current is {@code accepted}; a smaller fence is {@code stale} and
 * changes nothing, as a real fencing store would refuse it; a current fence on a value that changed
 * since it was read is a {@code lost-update}, which a fencing store cannot see, so it is applied.
 * Every write is kept for {@code store.tsv}.
 */
final class ChaosStore implements AutoCloseable {

    private record Write(String name, long fence, long readValue, String writer, String verdict, long atMicros) {}

    private final Path socket;
    private final ServerSocketChannel server;
    private final Map<String, long[]> state = new TreeMap<>(); // name -> {value, highest accepted fence}
    private final List<Write> writes = new ArrayList<>();

    private ChaosStore(Path socket, ServerSocketChannel server) {
        this.socket = socket;
        this.server = server;
    }

    static ChaosStore open() throws IOException {
        Path socket = ControlSockets.path("chaos-store");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        ChaosStore store = new ChaosStore(socket, server);
        Thread acceptor = new Thread(store::accept, "chaos-store");
        acceptor.setDaemon(true);
        acceptor.start();
        return store;
    }

    Path socket() {
        return socket;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                Thread handler = new Thread(() -> serve(channel), "chaos-store-call");
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
            // the caller sees its connection end without a reply and records an error
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
                String verdict;
                if (fence < entry[1]) {
                    verdict = "stale";
                } else {
                    verdict = readValue == entry[0] ? "accepted" : "lost-update";
                    entry[0] = readValue + 1;
                    entry[1] = fence;
                }
                writes.add(new Write(words[1], fence, readValue, words[4], verdict, NemesisLog.nowMicros()));
                return "OK outcome=" + verdict + " value=" + entry[0] + " fence=" + entry[1];
            }
            default:
                return "ERR unknown command " + words[0];
        }
    }

    /** How many writes got {@code verdict}. */
    synchronized long count(String verdict) {
        return writes.stream().filter(write -> write.verdict.equals(verdict)).count();
    }

    synchronized int size() {
        return writes.size();
    }

    /** {@code store.tsv}: every write in the order the store took them, then each name's final value. */
    synchronized void writeTsv(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Write write : writes) {
            text.append(String.join(
                            "\t",
                            "WRITE",
                            write.name,
                            Long.toString(write.fence),
                            Long.toString(write.readValue),
                            write.writer,
                            write.verdict,
                            Long.toString(write.atMicros)))
                    .append('\n');
        }
        for (Map.Entry<String, long[]> entry : state.entrySet()) {
            text.append("VALUE\t")
                    .append(entry.getKey())
                    .append('\t')
                    .append(entry.getValue()[0])
                    .append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
