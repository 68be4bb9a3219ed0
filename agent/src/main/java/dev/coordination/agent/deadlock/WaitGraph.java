package dev.coordination.agent.deadlock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The wait-for graph of one table read: a node per waiting thread's record, an edge from A to B when
 * a name A waits for is one B holds (or, on a striped backend, shares a stripe with one B holds).
 * Built the same way in every JVM from the same records: nodes in {@linkplain VictimRule#ORDER victim
 * order}, and at most one edge per pair of nodes (a same-name edge before a stripe edge, else the
 * first match in the records' own list order), so cycle search and reports agree everywhere.
 *
 * <p>There is no edge between two records of one thread (one member id and thread id): a thread
 * re-entering a name it holds does not wait, and a second record of one thread can only be a stale
 * one. Two threads of one JVM are two nodes like any others.
 */
final class WaitGraph {

    /** A holder of a name: the index of its record and its entry for the name. */
    private record Holder(int index, HeldEntry held) {}

    private final List<WaitRecord> nodes;
    private final List<List<WaitEdge>> edges;
    private final Map<String, Integer> indexByWaitId;

    private WaitGraph(List<WaitRecord> nodes, List<List<WaitEdge>> edges, Map<String, Integer> indexByWaitId) {
        this.nodes = nodes;
        this.edges = edges;
        this.indexByWaitId = indexByWaitId;
    }

    /**
     * @param stripeOf the stripe key of a name as the records carry it, or {@code null} when every
     *     name is a lock of its own (ZooKeeper); names with equal keys share one lock
     */
    static WaitGraph of(Collection<WaitRecord> records, Function<String, Object> stripeOf) {
        List<WaitRecord> nodes = inVictimOrder(records);
        Map<String, Integer> indexByWaitId = new HashMap<>();
        Map<String, List<Holder>> byName = new HashMap<>();
        Map<Object, List<Holder>> byStripe = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            indexByWaitId.put(nodes.get(i).waitId(), i);
            for (HeldEntry held : nodes.get(i).holds()) {
                byName.computeIfAbsent(held.name(), name -> new ArrayList<>()).add(new Holder(i, held));
                Object stripe = stripeOf == null ? null : stripeOf.apply(held.name());
                if (stripe != null) {
                    byStripe.computeIfAbsent(stripe, key -> new ArrayList<>()).add(new Holder(i, held));
                }
            }
        }
        List<List<WaitEdge>> edges = new ArrayList<>(nodes.size());
        for (WaitRecord waiter : nodes) {
            // Keyed by the holder's index: one edge per pair, listed in node order.
            TreeMap<Integer, WaitEdge> out = new TreeMap<>();
            for (String name : waiter.waitsFor()) {
                for (Holder holder : byName.getOrDefault(name, List.of())) {
                    addEdge(out, nodes, waiter, name, holder, false);
                }
            }
            if (stripeOf != null) {
                for (String name : waiter.waitsFor()) {
                    Object stripe = stripeOf.apply(name);
                    List<Holder> sharing = stripe == null ? List.of() : byStripe.getOrDefault(stripe, List.of());
                    for (Holder holder : sharing) {
                        // The same name was an edge of the loop above.
                        if (!holder.held().name().equals(name)) {
                            addEdge(out, nodes, waiter, name, holder, true);
                        }
                    }
                }
            }
            edges.add(List.copyOf(out.values()));
        }
        return new WaitGraph(List.copyOf(nodes), List.copyOf(edges), indexByWaitId);
    }

    int size() {
        return nodes.size();
    }

    WaitRecord node(int index) {
        return nodes.get(index);
    }

    /** The edges out of a node, by their holder's index. */
    List<WaitEdge> edgesFrom(int index) {
        return edges.get(index);
    }

    /** The index of an edge's holder. */
    int indexOf(WaitRecord record) {
        return indexByWaitId.get(record.waitId());
    }

    /**
     * The records in victim order, one per wait id. A table is keyed by wait id, so duplicates only
     * come from a broken one; the text form breaks ties of the victim order, so even then every JVM
     * keeps the same record.
     */
    private static List<WaitRecord> inVictimOrder(Collection<WaitRecord> records) {
        List<WaitRecord> sorted = new ArrayList<>(records);
        sorted.sort(VictimRule.ORDER.thenComparing(WaitRecordCodec::encode));
        Set<String> seen = new HashSet<>();
        List<WaitRecord> nodes = new ArrayList<>(sorted.size());
        for (WaitRecord record : sorted) {
            if (seen.add(record.waitId())) {
                nodes.add(record);
            }
        }
        return nodes;
    }

    private static void addEdge(
            TreeMap<Integer, WaitEdge> out,
            List<WaitRecord> nodes,
            WaitRecord waiter,
            String name,
            Holder holder,
            boolean stripe) {
        WaitRecord holderRecord = nodes.get(holder.index());
        if (!waiter.sameThreadAs(holderRecord)) {
            out.putIfAbsent(holder.index(), new WaitEdge(waiter, name, holderRecord, holder.held(), stripe));
        }
    }
}
