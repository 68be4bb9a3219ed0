package dev.coordination.it;

import java.util.List;
import java.util.Set;

/**
 * One fault of a schedule: what, when (milliseconds after the schedule starts), for how long, on
 * which hosts, and for a network fault the cuts it makes ({@code isolate-leader} finds its host and
 * cuts when it starts). {@code shape} describes it for {@code nemesis.tsv}.
 */
record PlannedFault(
        int id, FaultKind kind, long atMillis, long durationMillis, List<Integer> hosts, Set<Cut> cuts, String shape) {

    long endMillis() {
        return atMillis + durationMillis;
    }

    /** Whether it may disturb the CP group's own members: a cut between two of them, or a fault on one. */
    boolean touchesQuorum(Layout layout) {
        if (kind == FaultKind.ISOLATE_LEADER) {
            return true;
        }
        if (kind.network) {
            return cuts.stream().anyMatch(cut -> layout.isQuorum(cut.from()) && layout.isQuorum(cut.to()));
        }
        return hosts.stream().anyMatch(layout::isQuorum);
    }

    @Override
    public String toString() {
        return String.format(
                "%3d %-14s at %6.1f s for %5.1f s on %s%s",
                id,
                kind.label,
                atMillis / 1000.0,
                durationMillis / 1000.0,
                hosts.isEmpty() ? "(found when it starts)" : hosts,
                shape.isEmpty() ? "" : " (" + shape + ")");
    }
}
