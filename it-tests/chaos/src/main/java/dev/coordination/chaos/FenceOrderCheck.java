package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds fences out of order. Of two grants of one name where the first was surely earlier (it was
 * granted before the second call even started), the later must carry the larger fence: a repeat or
 * a step back lets a fence-checking store take a stale write. A nested re-entry must read the fence
 * its enclosing call holds, since it holds the same lock.
 *
 * <p>One violation per grant whose fence later grants did not exceed, listing those grants: one
 * fence far too high would otherwise fill the report with every grant after it.
 */
final class FenceOrderCheck {

    private static final int CALLS_LISTED = 10;

    private FenceOrderCheck() {}

    static List<Violation> find(History history, Sections sections) {
        List<Violation> found = new ArrayList<>();
        for (String name : sections.names()) {
            found.addAll(ordered(history, name, sections.of(name)));
        }
        found.addAll(reentries(history));
        return found;
    }

    private static List<Violation> ordered(History history, String name, List<Section> grants) {
        List<Section> byStart = new ArrayList<>(grants);
        byStart.sort(Comparator.comparingLong((Section grant) -> grant.call().startMicros()));
        Map<Section, List<Section>> notAbove = new LinkedHashMap<>();
        Section highest = null;
        int next = 0; // grants are sorted by acquiredMicros
        for (Section later : byStart) {
            while (next < grants.size()
                    && grants.get(next).fromMicros() < later.call().startMicros()) {
                Section earlier = grants.get(next++);
                if (highest == null || earlier.fence() > highest.fence()) {
                    highest = earlier;
                }
            }
            if (highest != null && highest.fence() >= later.fence()) {
                notAbove.computeIfAbsent(highest, any -> new ArrayList<>()).add(later);
            }
        }
        List<Violation> found = new ArrayList<>();
        notAbove.forEach((earlier, laters) -> found.add(violation(history, name, earlier, laters)));
        return found;
    }

    private static Violation violation(History history, String name, Section earlier, List<Section> laters) {
        Section later = laters.get(0);
        CallId first = earlier.call().id();
        CallId second = later.call().id();
        String what = earlier.fence() == later.fence() ? "the fence was handed out twice" : "the fence went back";
        List<CallId> calls = new ArrayList<>();
        calls.add(first);
        laters.stream()
                .limit(CALLS_LISTED)
                .forEach(each -> calls.add(each.call().id()));
        String more = laters.size() == 1
                ? ""
                : " (and " + (laters.size() - 1) + " more grant(s) after it with fences not above " + earlier.fence()
                        + ")";
        return new Violation(
                Property.FENCE_ORDER,
                List.of(name),
                calls,
                Violation.jvmsOf(calls),
                earlier.fromMicros(),
                laters.get(laters.size() - 1).fromMicros(),
                second + " got fence " + later.fence() + " for " + name + " at " + Times.at(history, later.fromMicros())
                        + ", but " + first + " had been granted fence " + earlier.fence() + " at "
                        + Times.at(history, earlier.fromMicros()) + ", before " + second + " started at "
                        + Times.at(history, later.call().startMicros()) + ": " + what + more);
    }

    private static List<Violation> reentries(History history) {
        List<Violation> found = new ArrayList<>();
        for (Call call : history.calls()) {
            if (!call.bodyRan() || !call.nested()) {
                continue;
            }
            for (String name : call.names()) {
                Call holder = Sections.enclosingHolder(history, call, name);
                if (holder != null && holder.bodyRan() && holder.fence(name) != call.fence(name)) {
                    List<CallId> calls = List.of(holder.id(), call.id());
                    found.add(new Violation(
                            Property.FENCE_ORDER,
                            List.of(name),
                            calls,
                            Violation.jvmsOf(calls),
                            call.acquiredMicros(),
                            call.acquiredMicros(),
                            call.id() + " re-entered " + name + " inside " + holder.id() + " and read fence "
                                    + call.fence(name) + ", but " + holder.id() + " holds it with fence "
                                    + holder.fence(name)));
                }
            }
        }
        return found;
    }
}
