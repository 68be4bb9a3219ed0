package dev.coordination.it;

import dev.coordination.support.FreePorts;
import java.io.IOException;

/** Distinct cluster names and free loopback ports per test, so runs never join each other. */
final class Ports {

    private Ports() {}

    /** The first of {@code count} consecutive ports free on 127.0.0.1 right now (apart from the demo's). */
    static int freeBlock(int count) throws IOException {
        return FreePorts.block(count, 41000, 59000);
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
