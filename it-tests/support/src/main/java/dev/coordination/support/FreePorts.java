package dev.coordination.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Consecutive free ports on 127.0.0.1, for the demo's members and the integration tests' clusters. */
public final class FreePorts {

    private FreePorts() {}

    /** The first of {@code count} consecutive ports free right now, chosen at random in [from, to). */
    public static int block(int count, int from, int to) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(from, to);
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    socket.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IOException("no " + count + " consecutive free ports on 127.0.0.1 in " + from + "-" + to);
    }
}
