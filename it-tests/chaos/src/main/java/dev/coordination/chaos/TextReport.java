package dev.coordination.chaos;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report a person reads after a run: the verdict and every violation first, then what the run
 * was (JVMs, calls by shape and outcome, faults by kind), then what users weigh (calls that still
 * succeeded on the majority side during faults, and how long names went without a holder after a
 * fault began). Times are seconds from the run's start, as on the timeline's axis.
 */
public final class TextReport {

    private static final int LISTED_PER_PROPERTY = 100;

    private TextReport() {}

    /** The report of {@code history}, its {@code violations} found with {@code limits}, titled {@code title} (the run folder). */
    public static String render(String title, History history, List<Violation> violations, Limits limits) {
        StringBuilder text = new StringBuilder();
        text.append("Chaos run ")
                .append(title)
                .append(": ")
                .append(verdict(violations))
                .append("\n\n");
        violations(text, history, violations);
        run(text, history, limits);
        calls(text, history);
        faults(text, history);
        weighed(text, history);
        if (!history.notes().isEmpty()) {
            text.append("Notes\n");
            history.notes().forEach(note -> text.append("  - ").append(note).append('\n'));
        }
        return text.toString();
    }

    /** {@code PASS} or {@code FAIL (N violations: 2 overlap, 1 bound)}. */
    public static String verdict(List<Violation> violations) {
        if (violations.isEmpty()) {
            return "PASS (no violation)";
        }
        Map<Property, Integer> counts = new EnumMap<>(Property.class);
        violations.forEach(violation -> counts.merge(violation.property(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((property, count) -> parts.add(count + " " + property.text()));
        return "FAIL (" + violations.size() + " violation" + (violations.size() == 1 ? "" : "s") + ": "
                + String.join(", ", parts) + ")";
    }

    private static void violations(StringBuilder text, History history, List<Violation> violations) {
        if (violations.isEmpty()) {
            return;
        }
        text.append("Violations\n");
        Map<Property, Integer> listed = new EnumMap<>(Property.class);
        int number = 0;
        for (Violation violation : violations) {
            number++;
            int count = listed.merge(violation.property(), 1, Integer::sum);
            if (count > LISTED_PER_PROPERTY) {
                continue;
            }
            text.append(String.format(
                    Locale.ROOT,
                    "  %3d. %s at %s",
                    number,
                    violation.property().text(),
                    Times.at(history, violation.fromMicros())));
            if (violation.toMicros() != violation.fromMicros()) {
                text.append(" to ").append(Times.at(history, violation.toMicros()));
            }
            if (!violation.names().isEmpty()) {
                text.append(", ")
                        .append(violation.names().size() == 1 ? "name " : "names ")
                        .append(String.join(",", violation.names()));
            }
            if (!violation.calls().isEmpty()) {
                text.append(", calls ")
                        .append(String.join(
                                " ",
                                violation.calls().stream().map(CallId::toString).toList()));
            } else if (!violation.jvms().isEmpty()) {
                text.append(", JVM ").append(String.join(" ", violation.jvms()));
            }
            text.append("\n       ").append(violation.explanation()).append('\n');
        }
        listed.forEach((property, count) -> {
            if (count > LISTED_PER_PROPERTY) {
                text.append("  (")
                        .append(count - LISTED_PER_PROPERTY)
                        .append(" more ")
                        .append(property.text())
                        .append(" violations not listed)\n");
            }
        });
        text.append('\n');
    }

    private static void run(StringBuilder text, History history, Limits limits) {
        text.append("Run\n");
        text.append("  t+0 is ")
                .append(Instant.EPOCH.plus(history.startMicros(), ChronoUnit.MICROS))
                .append("; ");
        text.append(history.endDeclared() ? "the workload stopped at " : "no END line; the last time recorded is ")
                .append(Times.at(history, history.endMicros()));
        long heal = history.lastHealMicros();
        text.append(heal == Call.NONE ? "; no heal" : "; last heal at " + Times.at(history, heal))
                .append('\n');
        Map<JvmRole, List<String>> byRole = new TreeMap<>();
        List<String> killed = new ArrayList<>();
        for (Jvm jvm : history.jvms()) {
            byRole.computeIfAbsent(jvm.role(), any -> new ArrayList<>()).add(jvm.name());
            if (jvm.goneBefore(history.endMicros())) {
                killed.add(jvm.name() + " at " + Times.at(history, jvm.goneMicros()));
            }
        }
        text.append("  JVMs: ").append(history.jvms().size());
        byRole.forEach((role, names) ->
                text.append("; ").append(role.text()).append(' ').append(String.join(",", names)));
        text.append('\n');
        text.append("  gone before the end: ")
                .append(killed.isEmpty() ? "none" : String.join(", ", killed))
                .append('\n');
        text.append("  names: ").append(String.join(", ", history.names())).append('\n');
        text.append(String.format(
                Locale.ROOT,
                "  bounds: timeout + %s, try %s, blocking %s (%s before the JVM was ready), recovery within %s%n",
                Times.span(limits.timeoutSlackMicros()),
                Times.span(limits.tryMicros()),
                Times.span(limits.blockingMicros()),
                Times.span(limits.startupMicros()),
                Times.span(limits.recoveryMicros())));
        text.append('\n');
    }

    private static void calls(StringBuilder text, History history) {
        text.append("Calls by shape and outcome (")
                .append(history.calls().size())
                .append(" calls)\n");
        Map<String, Map<Outcome, Integer>> counts = new LinkedHashMap<>();
        Map<Outcome, Integer> all = new EnumMap<>(Outcome.class);
        for (Shape shape : Shape.values()) {
            counts.put(shape.text(), new EnumMap<>(Outcome.class));
        }
        for (Call call : history.calls()) {
            counts.get(call.shape().text()).merge(call.outcome(), 1, Integer::sum);
            all.merge(call.outcome(), 1, Integer::sum);
        }
        counts.put("all", all);
        TextTable table = new TextTable();
        List<Object> header = new ArrayList<>(List.of("shape"));
        for (Outcome outcome : Outcome.values()) {
            header.add(outcome == Outcome.UNFINISHED ? "unfinished" : outcome.text());
        }
        header.add("total");
        table.row(header.toArray());
        counts.forEach((shape, byOutcome) -> {
            int total = byOutcome.values().stream().mapToInt(Integer::intValue).sum();
            if (total == 0 && !shape.equals("all")) {
                return;
            }
            List<Object> row = new ArrayList<>(List.of(shape));
            for (Outcome outcome : Outcome.values()) {
                row.add(byOutcome.getOrDefault(outcome, 0));
            }
            row.add(total);
            table.row(row.toArray());
        });
        text.append(table.render("  "));
        Map<String, Integer> others = new TreeMap<>();
        history.calls().stream()
                .filter(call -> call.outcome() == Outcome.OTHER)
                .forEach(call -> others.merge(call.exception(), 1, Integer::sum));
        if (!others.isEmpty()) {
            List<String> parts = new ArrayList<>();
            others.forEach((exception, count) -> parts.add(exception + " " + count));
            text.append("  other: ").append(String.join(", ", parts)).append('\n');
        }
        text.append('\n');
    }

    private static void faults(StringBuilder text, History history) {
        text.append("Faults by kind (").append(history.faults().size()).append(" faults)\n");
        if (history.faults().isEmpty()) {
            text.append("  none\n\n");
            return;
        }
        Map<FaultKind, long[]> byKind = new EnumMap<>(FaultKind.class);
        for (Fault fault : history.faults()) {
            long[] counts = byKind.computeIfAbsent(fault.kind(), any -> new long[2]);
            counts[0]++;
            counts[1] += fault.endOr(history.endMicros()) - fault.startMicros();
        }
        TextTable table = new TextTable().row("kind", "faults", "total time");
        byKind.forEach((kind, counts) -> table.row(kind.text(), counts[0], Times.span(counts[1])));
        text.append(table.render("  ")).append('\n');
    }

    private static void weighed(StringBuilder text, History history) {
        if (history.faults().isEmpty()) {
            return;
        }
        FaultMetrics metrics = FaultMetrics.of(history);
        text.append("Calls that returned on the majority side during faults\n");
        TextTable shares = new TextTable().row("kind", "returned", "calls", "share");
        metrics.majorityShares()
                .forEach((kind, share) -> shares.row(kind.text(), share.returned(), share.calls(), percent(share)));
        FaultMetrics.Share overall = metrics.overallShare();
        shares.row("any fault", overall.returned(), overall.calls(), percent(overall));
        text.append(shares.render("  "));
        text.append("  (calls of the JVMs in a fault's majority, started while it was active)\n\n");
        text.append("Time to the next holder of each name after a fault began\n");
        TextTable next = new TextTable().row("kind", "faults", "median", "max", "no holder after");
        metrics.nextHolders()
                .forEach((kind, holder) -> next.row(
                        kind.text(),
                        holder.faults(),
                        holder.delaysMicros().isEmpty() ? "-" : Times.span(holder.medianMicros()),
                        holder.delaysMicros().isEmpty() ? "-" : Times.span(holder.maxMicros()),
                        holder.withoutNext()));
        text.append(next.render("  "));
        text.append("  (per fault and name: from the fault's start to the next grant of the name by any call)\n\n");
    }

    private static String percent(FaultMetrics.Share share) {
        return share.calls() == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share.fraction());
    }
}
