package dev.coordination.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Distinct cluster names and free loopback ports per test, so runs never join each other. */
final class Ports {

    private Ports() {}

    /** The first of {@code count} consecutive ports free on 127.0.0.1 right now. */
    static int freeBlock(int count) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(41000, 59000);
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
        throw new IOException("no " + count + " consecutive free ports on 127.0.0.1");
    }

    /** Agent arguments for an embedded cluster of {@code size} members on ports from {@code first}. */
    static String cluster(String name, int first, int size, String extra) {
        StringBuilder members = new StringBuilder();
        for (int i = 0; i < size; i++) {
            members.append(i == 0 ? "" : ",").append("127.0.0.1:").append(first + i);
        }
        return "cluster-name=" + name + "-" + first + ",port=" + first + ",members=" + members
                + (extra.isEmpty() ? "" : "," + extra);
    }
}
