package dev.coordination.agent.deadlock;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One elementary cycle of waits: each edge's holder is the next edge's waiter, and the last edge's
 * holder is the first edge's waiter. {@link CycleFinder} starts it at its {@linkplain VictimRule
 * victim}, so the first edge is what the victim's own call waits for, the same in every JVM.
 */
record WaitCycle(List<WaitEdge> edges) {

    WaitCycle {
        edges = List.copyOf(edges);
        if (edges.isEmpty()) {
            throw new IllegalArgumentException("a cycle has at least one edge");
        }
    }

    /** The wait to fail: the first edge's waiter. */
    WaitRecord victim() {
        return edges.get(0).waiter();
    }

    /** The wait ids of the cycle, sorted: what makes two scans' cycles the same one. */
    Set<String> waitIds() {
        return Collections.unmodifiableSortedSet(
                edges.stream().map(edge -> edge.waiter().waitId()).collect(Collectors.toCollection(TreeSet::new)));
    }

    /** How many JVMs (member ids) take part. */
    long memberCount() {
        return edges.stream().map(edge -> edge.waiter().memberId()).distinct().count();
    }
}
