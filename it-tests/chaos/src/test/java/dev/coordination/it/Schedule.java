package dev.coordination.it;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The faults of one run, drawn from a seed: the same seed, backend and length give the same
 * schedule, so a failing run can be replayed (its timing, which the machine decides, will differ).
 * Faults start every 2-7 s and last 1-16 s, so two or three overlap at most moments; a few rules
 * keep the cluster recoverable, since a run that destroys its own CP group checks nothing after:
 * at most three faults at once, one process fault per host, at most one quorum host stopped or
 * killed at a time, and a CP member's replacement never overlaps another fault on the CP members
 * (the operations page says never to remove a member that may still be alive behind a partition).
 */
final class Schedule {

    static final int MAX_ACTIVE = 3;
    /** How long a member replacement is planned to take; the nemesis waits for the real one. */
    static final long REPLACE_MILLIS = 35_000;
    /** How long a fresh JVM or server is planned to take to start. */
    static final long RESTART_MILLIS = 5_000;

    private static final long MAX_NETWORK_MILLIS = 16_000;
    /** At most one member replacement per this much of the window. */
    private static final long REPLACE_EVERY_MILLIS = 90_000;

    private final Layout layout;
    private final Random random;
    private final List<PlannedFault> faults = new ArrayList<>();

    private Schedule(Layout layout, Random random) {
        this.layout = layout;
        this.random = random;
    }

    static List<PlannedFault> draw(long seed, Layout layout, long windowMillis) {
        Schedule schedule = new Schedule(
                layout, new Random(seed * 1_000_003L + layout.backend().hashCode()));
        return schedule.drawUntil(windowMillis);
    }

    private List<PlannedFault> drawUntil(long windowMillis) {
        reserveReplacements(windowMillis);
        long t = 2_000 + random.nextInt(3_000);
        while (t < windowMillis - 3_000) {
            List<PlannedFault> active = activeAt(t);
            if (active.size() >= MAX_ACTIVE) {
                t = active.stream().mapToLong(this::busyUntil).min().orElseThrow();
                continue;
            }
            PlannedFault fault = plan(pick(), t, windowMillis - t, active);
            if (fault == null) {
                t += 500 + random.nextInt(1_500);
                continue;
            }
            faults.add(fault);
            t += 2_000 + random.nextInt(5_000);
        }
        List<PlannedFault> sorted = faults.stream()
                .sorted(Comparator.comparingLong(PlannedFault::atMillis))
                .toList();
        List<PlannedFault> numbered = new ArrayList<>();
        for (PlannedFault fault : sorted) {
            numbered.add(new PlannedFault(
                    numbered.size() + 1,
                    fault.kind(),
                    fault.atMillis(),
                    fault.durationMillis(),
                    fault.hosts(),
                    fault.cuts(),
                    fault.shape()));
        }
        return List.copyOf(numbered);
    }

    /**
     * Member replacements need a quiet CP group, which random draws among faults that mostly touch
     * it would seldom leave: so they are placed first, one in most stretches of {@value
     * #REPLACE_EVERY_MILLIS} ms, and the faults drawn after keep off the CP members while they last.
     */
    private void reserveReplacements(long windowMillis) {
        if (!layout.weights().containsKey(FaultKind.REPLACE_MEMBER)) {
            return;
        }
        for (long stretch = 0;
                stretch + REPLACE_EVERY_MILLIS <= Math.max(windowMillis, REPLACE_EVERY_MILLIS);
                stretch += REPLACE_EVERY_MILLIS) {
            long latest = Math.min(stretch + REPLACE_EVERY_MILLIS, windowMillis) - REPLACE_MILLIS - 5_000;
            long earliest = stretch + 10_000;
            if (latest < earliest || random.nextInt(5) == 0) {
                continue;
            }
            long at = earliest + (long) (random.nextDouble() * (latest - earliest));
            int host = layout.quorum().get(random.nextInt(layout.quorum().size()));
            faults.add(new PlannedFault(
                    0,
                    FaultKind.REPLACE_MEMBER,
                    at,
                    REPLACE_MILLIS,
                    List.of(host),
                    Set.of(),
                    "kill -9, a fresh JVM in its place, cp remove-missing"));
        }
    }

    private List<PlannedFault> activeAt(long t) {
        return faults.stream()
                .filter(fault -> fault.atMillis() <= t && busyUntil(fault) > t)
                .toList();
    }

    /** When a fault is planned to be over, a restarted process's start included. */
    private long busyUntil(PlannedFault fault) {
        return switch (fault.kind()) {
            case KILL, ZK_KILL, ZK_RESTART -> fault.endMillis() + RESTART_MILLIS;
            default -> fault.endMillis();
        };
    }

    /** A kind drawn by weight; replacements are placed beforehand. */
    private FaultKind pick() {
        Map<FaultKind, Integer> weights = new TreeMap<>(layout.weights());
        weights.remove(FaultKind.REPLACE_MEMBER);
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        int draw = random.nextInt(total);
        for (Map.Entry<FaultKind, Integer> entry : weights.entrySet()) {
            draw -= entry.getValue();
            if (draw < 0) {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("weights " + layout.weights());
    }

    /** A fault of {@code kind} starting at {@code at}, or null when none fits the rules now. */
    private PlannedFault plan(FaultKind kind, long at, long left, List<PlannedFault> active) {
        int id = 0;
        boolean replacing = meetsReplacement(at, at + MAX_NETWORK_MILLIS);
        Set<Integer> busy = new TreeSet<>();
        active.stream().filter(fault -> !fault.kind().network).forEach(fault -> busy.addAll(fault.hosts()));
        boolean quorumBusy = busy.stream().anyMatch(layout::isQuorum);
        PlannedFault fault = switch (kind) {
            case ISOLATE, HALVES, BRIDGE, RING, ONE_WAY -> network(id, kind, at, left, replacing);
            case ISOLATE_LEADER -> timed(id, kind, at, left, 4_000, 15_000, List.of(), Set.of(), "");
            case KILL -> process(id, kind, at, left, 1_000, 5_000, layout.appsOnly(), busy, "down, then a fresh JVM");
            case PAUSE_SHORT ->
                process(
                        id,
                        kind,
                        at,
                        left,
                        1_000,
                        Math.min(5_000, layout.sessionTtlMillis() - 3_000),
                        quorumBusy ? layout.appsOnly() : layout.apps(),
                        busy,
                        "SIGSTOP, shorter than the session TTL");
            case PAUSE_LONG ->
                process(
                        id,
                        kind,
                        at,
                        left,
                        layout.sessionTtlMillis() + 2_000,
                        layout.sessionTtlMillis() + 8_000,
                        quorumBusy ? layout.appsOnly() : layout.apps(),
                        busy,
                        "SIGSTOP, longer than the session TTL");
            case REPLACE_MEMBER -> null;
            case ZK_KILL ->
                quorumBusy
                        ? null
                        : process(id, kind, at, left, 2_000, 10_000, layout.quorum(), busy, "down, then started again");
            case ZK_PAUSE ->
                quorumBusy ? null : process(id, kind, at, left, 1_000, 12_000, layout.quorum(), busy, "SIGSTOP");
            case ZK_RESTART ->
                quorumBusy
                        ? null
                        : process(id, kind, at, left, 0, 1, layout.quorum(), busy, "SIGTERM, started again at once");
        };
        if (fault == null
                || (fault.touchesQuorum(layout) && meetsReplacement(at, busyUntil(fault)))
                || crowdsReplacement(at, busyUntil(fault))) {
            return null;
        }
        return fault;
    }

    /** Whether a replacement placed beforehand would start during {@code from..to} among too many faults. */
    private boolean crowdsReplacement(long from, long to) {
        return faults.stream()
                .anyMatch(fault -> fault.kind() == FaultKind.REPLACE_MEMBER
                        && fault.atMillis() > from
                        && fault.atMillis() < to
                        && activeAt(fault.atMillis()).size() >= MAX_ACTIVE);
    }

    /** Whether a member replacement is planned to run during {@code from..to}. */
    private boolean meetsReplacement(long from, long to) {
        return faults.stream()
                .anyMatch(fault ->
                        fault.kind() == FaultKind.REPLACE_MEMBER && fault.atMillis() < to && fault.endMillis() > from);
    }

    private PlannedFault network(int id, FaultKind kind, long at, long left, boolean replacing) {
        Partitions.Partition partition = Partitions.draw(kind, layout, random, replacing);
        return timed(
                id,
                kind,
                at,
                left,
                3_000,
                MAX_NETWORK_MILLIS,
                partition.targets(),
                partition.cuts(),
                partition.shape());
    }

    private PlannedFault process(
            int id,
            FaultKind kind,
            long at,
            long left,
            long min,
            long max,
            List<Integer> candidates,
            Set<Integer> busy,
            String shape) {
        List<Integer> free =
                candidates.stream().filter(host -> !busy.contains(host)).toList();
        if (free.isEmpty()) {
            return null;
        }
        int host = free.get(random.nextInt(free.size()));
        return timed(id, kind, at, left, min, max, List.of(host), Set.of(), shape);
    }

    private PlannedFault timed(
            int id,
            FaultKind kind,
            long at,
            long left,
            long min,
            long max,
            List<Integer> hosts,
            Set<Cut> cuts,
            String shape) {
        if (left < min) {
            return null;
        }
        long duration = min + (long) (random.nextDouble() * (Math.min(max, left) - min));
        return new PlannedFault(id, kind, at, duration, hosts, cuts, shape);
    }
}
