package dev.coordination.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Judges a whole run against what the product promises (see {@link Property}): no lost update,
 * fences in order, no two holders at once but for a lost lock, every call within its bound and
 * ended, and every JVM locking again after the last heal. It reads only the history, so a kept run
 * can be judged again.
 */
public final class HistoryChecker {

    private final Limits limits;

    /** A checker with the bounds of {@link Limits#DEFAULTS}. */
    public HistoryChecker() {
        this(Limits.DEFAULTS);
    }

    public HistoryChecker(Limits limits) {
        this.limits = limits;
    }

    /** Every violation in {@code history}, by property, then by time; empty when the run kept every promise. */
    public List<Violation> check(History history) {
        Sections sections = Sections.of(history);
        List<Violation> found = new ArrayList<>();
        found.addAll(LostUpdateCheck.find(history));
        found.addAll(FenceOrderCheck.find(history, sections));
        found.addAll(OverlapCheck.find(history, sections));
        found.addAll(BoundCheck.find(history, limits, Pauses.of(history), MajoritySide.of(history)));
        found.addAll(NeverEndedCheck.find(history));
        found.addAll(UnexpectedExceptionCheck.find(history));
        found.addAll(RecoveryCheck.find(history, limits));
        found.sort(Comparator.comparing(Violation::property).thenComparingLong(Violation::fromMicros));
        return found;
    }

    public Limits limits() {
        return limits;
    }
}
