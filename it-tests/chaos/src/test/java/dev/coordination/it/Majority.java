package dev.coordination.it;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which application hosts keep a working majority during one fault, taken on its own (overlapping
 * faults are each logged with their own; a reader intersects them). For a network fault: a
 * majority is a set of quorum hosts, at least half of them plus one, that all reach each other both
 * ways, and none of them is contained in a larger one. Which one elects the leader is not known,
 * so an application host is on the majority side when it keeps a majority whichever one leads: a
 * quorum host (an embedded CP member, which calls the leader itself) must be in, or reach both ways
 * every member of, every such majority; any other (a client, whose member passes its calls on to the
 * leader, or a JVM beside a ZooKeeper ensemble, whose server does) must reach a member of each. So
 * under a bridge the CP members on either side are not on the majority side, only the bridge is;
 * a cut that leaves no majority leaves no host.
 */
final class Majority {

    private Majority() {}

    static Set<Integer> of(Set<Cut> cuts, Layout layout) {
        List<Set<Integer>> majorities = majorities(cuts, layout);
        Set<Integer> side = new TreeSet<>();
        if (majorities.isEmpty()) {
            return side;
        }
        for (int app : layout.apps()) {
            boolean member = layout.isQuorum(app);
            boolean inAll = majorities.stream()
                    .allMatch(majority -> majority.contains(app)
                            || (member
                                    ? majority.stream().allMatch(other -> reach(cuts, app, other))
                                    : majority.stream().anyMatch(other -> reach(cuts, app, other))));
            if (inAll) {
                side.add(app);
            }
        }
        return side;
    }

    /** For a fault that stops or kills processes: the other application hosts, if the quorum hosts left are a majority. */
    static Set<Integer> without(Collection<Integer> down, Layout layout) {
        Set<Integer> side = new TreeSet<>();
        long left =
                layout.quorum().stream().filter(host -> !down.contains(host)).count();
        if (left >= layout.majority()) {
            layout.apps().stream().filter(host -> !down.contains(host)).forEach(side::add);
        }
        return side;
    }

    private static boolean reach(Set<Cut> cuts, int a, int b) {
        return !cuts.contains(new Cut(a, b)) && !cuts.contains(new Cut(b, a));
    }

    /** The maximal sets of quorum hosts, of majority size, whose members all reach each other. */
    private static List<Set<Integer>> majorities(Set<Cut> cuts, Layout layout) {
        List<Integer> quorum = layout.quorum();
        List<Set<Integer>> cliques = new ArrayList<>();
        for (int mask = 1; mask < 1 << quorum.size(); mask++) {
            Set<Integer> members = new TreeSet<>();
            for (int i = 0; i < quorum.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    members.add(quorum.get(i));
                }
            }
            if (members.size() >= layout.majority()
                    && members.stream()
                            .allMatch(a -> members.stream().allMatch(b -> a.equals(b) || reach(cuts, a, b)))) {
                cliques.add(members);
            }
        }
        return cliques.stream()
                .filter(clique ->
                        cliques.stream().noneMatch(other -> other.size() > clique.size() && other.containsAll(clique)))
                .toList();
    }
}
