package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What users weigh when a fault strikes, per fault kind: how many calls still succeeded on the side
 * that kept a majority, and how long each name went without a holder after the fault began. The
 * checker says whether promises were kept; these say how well the product did within them.
 */
public final class FaultMetrics {

    /** Calls of the majority side started while faults of one kind were active, and how many returned. */
    public record Share(long returned, long calls) {
        /** Returned calls as a fraction of calls; 0 without calls. */
        public double fraction() {
            return calls == 0 ? 0 : (double) returned / calls;
        }
    }

    /** The times from a fault's start to the next grant of each name, for one kind of fault. */
    public record NextHolder(int faults, List<Long> delaysMicros, int withoutNext) {
        public NextHolder {
            delaysMicros = List.copyOf(delaysMicros);
        }

        public long medianMicros() {
            List<Long> sorted = new ArrayList<>(delaysMicros);
            Collections.sort(sorted);
            int size = sorted.size();
            if (size == 0) {
                return Call.NONE;
            }
            return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
        }

        public long maxMicros() {
            return delaysMicros.stream().mapToLong(Long::longValue).max().orElse(Call.NONE);
        }
    }

    private final Map<FaultKind, Share> shares = new LinkedHashMap<>();
    private final Share overall;
    private final Map<FaultKind, NextHolder> nextHolders = new LinkedHashMap<>();

    private FaultMetrics(History history, Sections sections) {
        Map<FaultKind, long[]> counts = new LinkedHashMap<>();
        Set<CallId> counted = new HashSet<>();
        long returned = 0;
        for (Fault fault : history.faults()) {
            long[] count = counts.computeIfAbsent(fault.kind(), any -> new long[2]);
            for (Call call : history.calls()) {
                if (call.ended()
                        && fault.majority().contains(call.jvm())
                        && fault.activeAt(call.startMicros(), history.endMicros())) {
                    boolean succeeded = call.outcome() == Outcome.RETURNED;
                    count[0] += succeeded ? 1 : 0;
                    count[1]++;
                    if (counted.add(call.id()) && succeeded) {
                        returned++;
                    }
                }
            }
        }
        counts.forEach((kind, count) -> shares.put(kind, new Share(count[0], count[1])));
        overall = new Share(returned, counted.size());
        Map<FaultKind, List<Fault>> byKind = new LinkedHashMap<>();
        history.faults()
                .forEach(fault -> byKind.computeIfAbsent(fault.kind(), any -> new ArrayList<>())
                        .add(fault));
        byKind.forEach((kind, faults) -> nextHolders.put(kind, nextHolder(faults, sections)));
    }

    public static FaultMetrics of(History history) {
        return new FaultMetrics(history, Sections.of(history));
    }

    /** Per kind, in the order kinds first struck: majority-side calls started during such faults. */
    public Map<FaultKind, Share> majorityShares() {
        return shares;
    }

    /** Majority-side calls started during any fault, each counted once. */
    public Share overallShare() {
        return overall;
    }

    /** Per kind, in the order kinds first struck. */
    public Map<FaultKind, NextHolder> nextHolders() {
        return nextHolders;
    }

    private static NextHolder nextHolder(List<Fault> faults, Sections sections) {
        List<Long> delays = new ArrayList<>();
        int withoutNext = 0;
        for (Fault fault : faults) {
            for (String name : sections.names()) {
                long next = nextGrant(sections.of(name), fault.startMicros());
                if (next == Call.NONE) {
                    withoutNext++;
                } else {
                    delays.add(next - fault.startMicros());
                }
            }
        }
        return new NextHolder(faults.size(), delays, withoutNext);
    }

    /** The first {@code fromMicros} at or after {@code micros} of sections sorted by it. */
    private static long nextGrant(List<Section> sections, long micros) {
        int low = 0;
        int high = sections.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sections.get(middle).fromMicros() < micros) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low < sections.size() ? sections.get(low).fromMicros() : Call.NONE;
    }
}
