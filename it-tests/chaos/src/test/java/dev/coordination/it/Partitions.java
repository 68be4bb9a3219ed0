package dev.coordination.it;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The shapes of network faults as sets of one-way cuts between hosts: one host alone, two halves,
 * a bridge (one quorum host sees both sides, each side holds one of the other quorum hosts, so each
 * sees a majority through it), a ring (each host sees its two neighbours), and one-way cuts (a host
 * that can send but not receive, or the reverse).
 */
final class Partitions {

    /** The hosts a fault is about, its cuts, and a description for {@code nemesis.tsv}. */
    record Partition(List<Integer> targets, Set<Cut> cuts, String shape) {}

    private Partitions() {}

    /**
     * A network fault of {@code kind} over the layout's hosts. With {@code clientsOnly} (a member
     * replacement runs meanwhile) a lone or one-way host is an application host that is no quorum
     * host; the other shapes are drawn as usual, and the schedule drops those that cut quorum hosts
     * apart.
     */
    static Partition draw(FaultKind kind, Layout layout, Random random, boolean clientsOnly) {
        List<Integer> hosts = new ArrayList<>(layout.partitionable());
        Collections.shuffle(hosts, random);
        Set<Cut> cuts = new TreeSet<>();
        List<Integer> targets;
        String shape;
        switch (kind) {
            case ISOLATE -> {
                List<Integer> candidates = clientsOnly ? layout.appsOnly() : layout.partitionable();
                int host = candidates.get(random.nextInt(candidates.size()));
                targets = List.of(host);
                cuts.addAll(isolate(host, layout));
                shape = "alone";
            }
            case HALVES -> {
                List<Integer> minority = sorted(hosts.subList(0, hosts.size() / 2));
                List<Integer> rest = sorted(hosts.subList(hosts.size() / 2, hosts.size()));
                across(minority, rest, cuts);
                targets = minority;
                shape = join(minority) + " | " + join(rest);
            }
            case BRIDGE -> {
                List<Integer> quorum = new ArrayList<>(layout.quorum());
                Collections.shuffle(quorum, random);
                List<Integer> left1 = new ArrayList<>(List.of(quorum.get(1)));
                List<Integer> right = new ArrayList<>(List.of(quorum.get(2)));
                for (int host : hosts) {
                    if (!layout.isQuorum(host)) {
                        (random.nextBoolean() ? left1 : right).add(host);
                    }
                }
                across(sorted(left1), sorted(right), cuts);
                targets = List.of(quorum.get(0));
                shape = quorum.get(0) + " bridges " + join(sorted(left1)) + " | " + join(sorted(right));
            }
            case RING -> {
                for (int i = 0; i < hosts.size(); i++) {
                    for (int j = i + 1; j < hosts.size(); j++) {
                        boolean neighbours = j == i + 1 || (i == 0 && j == hosts.size() - 1);
                        if (!neighbours) {
                            cuts.add(new Cut(hosts.get(i), hosts.get(j)));
                            cuts.add(new Cut(hosts.get(j), hosts.get(i)));
                        }
                    }
                }
                targets = sorted(hosts);
                shape = "ring " + hosts.stream().map(String::valueOf).collect(Collectors.joining("-"));
            }
            default -> {
                List<Integer> candidates = clientsOnly ? new ArrayList<>(layout.appsOnly()) : hosts;
                Collections.shuffle(candidates, random);
                List<Integer> few = sorted(candidates.subList(0, clientsOnly ? 1 : 1 + random.nextInt(2)));
                boolean deaf = random.nextBoolean();
                for (int host : few) {
                    for (int other : layout.partitionable()) {
                        if (!few.contains(other)) {
                            cuts.add(deaf ? new Cut(other, host) : new Cut(host, other));
                        }
                    }
                }
                targets = few;
                shape = join(few) + (deaf ? " cannot receive" : " cannot send");
            }
        }
        return new Partition(targets, cuts, shape);
    }

    /** Host {@code host} cut off from every other host of the layout, both ways. */
    static Set<Cut> isolate(int host, Layout layout) {
        Set<Cut> cuts = new TreeSet<>();
        for (int other : layout.partitionable()) {
            if (other != host) {
                cuts.add(new Cut(host, other));
                cuts.add(new Cut(other, host));
            }
        }
        return cuts;
    }

    private static void across(List<Integer> a, List<Integer> b, Set<Cut> cuts) {
        for (int x : a) {
            for (int y : b) {
                cuts.add(new Cut(x, y));
                cuts.add(new Cut(y, x));
            }
        }
    }

    private static List<Integer> sorted(List<Integer> hosts) {
        return hosts.stream().sorted().toList();
    }

    private static String join(List<Integer> hosts) {
        return hosts.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
