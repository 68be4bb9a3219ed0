package dev.coordination.agent.deadlock;

import java.time.Instant;
import java.util.List;

/**
 * What the victim's {@code LockDeadlockException} says, and what its JVM logs: why this call failed
 * and every wait of the cycle, so a developer can see which methods take which names in which order.
 * Names and thread names are quoted with Java escapes, so any character in them keeps one edge to a
 * line.
 */
final class DeadlockReport {

    private DeadlockReport() {}

    /** The message for the cycle's victim: a first line, then one line per edge starting with its own wait. */
    static String message(WaitCycle cycle) {
        long members = cycle.memberCount();
        StringBuilder text = new StringBuilder(
                members > 1
                        ? "Deadlock across " + members + " JVMs"
                        : "Deadlock between " + cycle.edges().size() + " threads of one JVM");
        text.append(": this call was chosen to break it (the youngest wait)");
        List<WaitEdge> edges = cycle.edges();
        for (int i = 0; i < edges.size(); i++) {
            WaitEdge edge = edges.get(i);
            WaitEdge next = edges.get((i + 1) % edges.size());
            text.append("\n  ").append(quote(edge.waitedName()));
            if (edge.stripe()) {
                text.append(" shares a lock stripe with ")
                        .append(quote(edge.held().name()));
            }
            WaitRecord holder = edge.holder();
            text.append(" held by ")
                    .append(holder.memberId())
                    .append(" thread ")
                    .append(quote(holder.threadName()))
                    .append(" (#")
                    .append(holder.threadId())
                    .append(") in ")
                    .append(edge.held().method())
                    .append(" since ")
                    .append(Instant.ofEpochMilli(edge.held().sinceMillis()))
                    .append(", which waits for ")
                    .append(quote(next.waitedName()));
        }
        return text.toString();
    }

    /** The full name the victim's call waits for in the cycle: the exception's lock name. */
    static String lockName(WaitCycle cycle) {
        return cycle.edges().get(0).waitedName();
    }

    /** One line naming the cycle, the same in every JVM and every scan: its sorted wait ids. */
    static String cycleId(WaitCycle cycle) {
        return String.join(" ", cycle.waitIds());
    }

    /** A Java string literal of the value: quotes, backslashes and control characters escaped. */
    static String quote(String value) {
        StringBuilder text = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        return text.append('"').toString();
    }
}
