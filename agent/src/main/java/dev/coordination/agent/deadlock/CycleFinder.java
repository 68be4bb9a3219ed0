package dev.coordination.agent.deadlock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Finds every elementary cycle of a {@link WaitGraph}, each once, started at its victim, in the same
 * order in every JVM.
 *
 * <p>For each node in victim order, a depth-first search over the nodes after it looks for paths back
 * to it: a cycle is found only from its first node in victim order, which is its victim, so it comes
 * out once and already rotated. A table holds a few hundred records at most and a waiting thread
 * mostly waits for one name held by one thread, so the search is about linear. Against a pathological
 * table it stops after {@link #MAX_STEPS} edges or {@link #MAX_CYCLES} cycles; the cut is the same in
 * every JVM, which then all act on the same cycles.
 */
final class CycleFinder {

    static final int MAX_CYCLES = 100;
    static final int MAX_STEPS = 1_000_000;

    private final WaitGraph graph;
    private final boolean[] onPath;
    private final List<WaitEdge> path = new ArrayList<>();
    private final List<WaitCycle> cycles = new ArrayList<>();
    private int steps;

    private CycleFinder(WaitGraph graph) {
        this.graph = graph;
        this.onPath = new boolean[graph.size()];
    }

    /** @param stripeOf as for {@link WaitGraph#of}, {@code null} when names share no locks */
    static List<WaitCycle> find(Collection<WaitRecord> records, Function<String, Object> stripeOf) {
        return find(WaitGraph.of(records, stripeOf));
    }

    static List<WaitCycle> find(WaitGraph graph) {
        CycleFinder finder = new CycleFinder(graph);
        for (int start = 0; start < graph.size() && !finder.full(); start++) {
            finder.search(start, start);
        }
        return List.copyOf(finder.cycles);
    }

    private void search(int start, int node) {
        onPath[node] = true;
        for (WaitEdge edge : graph.edgesFrom(node)) {
            if (full()) {
                break;
            }
            steps++;
            int next = graph.indexOf(edge.holder());
            if (next == start) {
                path.add(edge);
                cycles.add(new WaitCycle(path));
                path.remove(path.size() - 1);
            } else if (next > start && !onPath[next]) {
                path.add(edge);
                search(start, next);
                path.remove(path.size() - 1);
            }
        }
        onPath[node] = false;
    }

    private boolean full() {
        return cycles.size() >= MAX_CYCLES || steps >= MAX_STEPS;
    }
}
