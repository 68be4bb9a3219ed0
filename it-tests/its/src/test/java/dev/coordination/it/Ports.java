package dev.coordination.it;

import dev.coordination.support.FreePorts;
import java.io.IOException;

/** Distinct cluster names and free loopback ports per test, so runs never join each other. */
final class Ports {

    private Ports() {}

    private static final int FIRST = 41000;
    private static final int END = 59000;

    /**
     * The first of {@code count} consecutive ports free on 127.0.0.1 right now (apart from the
     * demo's). The integration tests run in parallel forks: each fork draws from a range of its own,
     * so two tests can never pick the same ports at the same moment, nor a member's auto-increment
     * reach into another test's block.
     */
    static int freeBlock(int count) throws IOException {
        int forks = Integer.getInteger("it.forks", 1);
        int fork = Math.max(1, Math.min(forks, Integer.getInteger("it.fork", 1)));
        int span = (END - FIRST) / forks;
        int from = FIRST + (fork - 1) * span;
        return FreePorts.block(count, from, from + span - count);
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
