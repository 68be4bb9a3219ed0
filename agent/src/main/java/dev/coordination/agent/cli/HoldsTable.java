package dev.coordination.agent.cli;

import dev.coordination.agent.hazelcast.HoldAnswers.Answer;
import dev.coordination.agent.runtime.HeldName;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code locks} command's output: one table of the names held now across the JVMs that
 * answered, sorted by name, with how many threads of all those JVMs wait for each; then the names
 * waited for that none of them holds by name (its stripe is held for another name, or the wait is
 * about to end), and how many JVMs answered. System class loader.
 */
final class HoldsTable {

    static final List<String> HEADER = List.of("NAME", "HOLDER", "THREAD", "METHOD", "HELD SINCE", "WAITING");

    private HoldsTable() {}

    static List<String> render(List<Answer> answers, String glob, long nowMillis, long waitedMillis) {
        Map<String, Integer> waiting = new TreeMap<>();
        List<HeldName> held = new ArrayList<>();
        for (Answer answer : answers) {
            for (HeldName row : answer.rows()) {
                waiting.merge(row.name(), row.waiting(), Integer::sum);
                if (row.held()) {
                    held.add(row);
                }
            }
        }
        held.sort(Comparator.comparing(HeldName::name).thenComparing(HeldName::holder));
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADER);
        for (HeldName row : held) {
            cells.add(List.of(
                    row.name(),
                    row.holder(),
                    row.thread(),
                    row.method(),
                    since(row.sinceMillis(), nowMillis),
                    Integer.toString(waiting.getOrDefault(row.name(), 0))));
        }
        List<String> lines = new ArrayList<>();
        if (held.isEmpty()) {
            lines.add("no lock name matching \"" + glob + "\" is held now");
        } else {
            lines.addAll(columns(cells));
        }
        held.forEach(row -> waiting.remove(row.name()));
        waiting.values().removeIf(count -> count == 0);
        if (!waiting.isEmpty()) {
            StringBuilder line = new StringBuilder("waited for, held by no thread under that name (its stripe is held"
                    + " for another name, or the wait is ending):");
            waiting.forEach((name, count) ->
                    line.append(' ').append(name).append(" (").append(count).append(')'));
            lines.add(line.toString());
        }
        List<String> members = answers.stream().map(Answer::memberId).sorted().toList();
        lines.add(answers.size() + " JVM(s) answered within " + waitedMillis / 1000.0 + " s"
                + (members.isEmpty() ? "" : ": " + String.join(", ", members)));
        return lines;
    }

    /** {@code 2026-12-02T07:41:05Z (3m12s ago)}. */
    static String since(long sinceMillis, long nowMillis) {
        Instant at = Instant.ofEpochMilli(sinceMillis).truncatedTo(ChronoUnit.SECONDS);
        return at + " (" + age(Math.max(0, nowMillis - sinceMillis) / 1000) + " ago)";
    }

    /** {@code 42s}, {@code 3m12s}, {@code 5h07m}, {@code 2d03h}. */
    static String age(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + two(seconds % 60) + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h" + two(seconds / 60 % 60) + "m";
        }
        return seconds / 86_400 + "d" + two(seconds / 3600 % 24) + "h";
    }

    private static String two(long value) {
        return value < 10 ? "0" + value : Long.toString(value);
    }

    /** Left-aligned columns, two spaces apart, the last one unpadded. */
    private static List<String> columns(List<List<String>> cells) {
        int[] widths = new int[HEADER.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>(cells.size());
        for (List<String> row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
