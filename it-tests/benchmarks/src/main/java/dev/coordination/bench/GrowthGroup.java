package dev.coordination.bench;

import dev.coordination.support.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * 100,000 distinct lock names taken once each in one JVM with the agent (embedded member, unsafe
 * mode): the time per lock+unlock of the last thousand names against the first thousand (goal: at
 * most 1.5 times), and the member's heap after full collections before, after, and after {@code
 * Coordination.synchronizedRemove("*")}. The JVM is the integration tests' {@code ScenarioApp} and
 * the work is {@code NameChurn}'s ({@code NAMES}, {@code HEAP}, {@code REMOVE}), as in {@code
 * NamesIT}. Not JMH: each name is new exactly once, so there is no steady state to sample; instead
 * the whole pass is repeated (5 rounds, 2 with {@code -Dbench.quick=true}) after a warm-up pass,
 * each round from an emptied directory, and the medians are reported, so one GC pause does not
 * decide.
 */
final class GrowthGroup implements BenchmarkGroup {

    private static final int NAMES = 100_000;
    private static final long READY_SECONDS = 120;
    private static final double MB = 1024 * 1024;

    @Override
    public String name() {
        return "growth";
    }

    @Override
    public List<BenchRow> run(BenchContext context) throws Exception {
        Path dir = Files.createDirectories(context.workDir.resolve("growth"));
        int port = FreePorts.block(1, 41000, 59000);
        String agentArgs = "cluster-name=bench-growth-" + port + ",port=" + port + ",members=127.0.0.1:" + port
                + ",cp-member-count=0";
        int rounds = context.quick ? 2 : 5;
        try (ExtraJvms jvms = new ExtraJvms()) {
            AppControl control =
                    AppControl.await(AppControl.launch(context, jvms, dir, "growth", agentArgs), dir, READY_SECONDS);
            control.send("WARMUP growth-warmup " + READY_SECONDS, READY_SECONDS + 10);
            control.send("NAMES warm- 20000", 300);
            control.send("REMOVE *", 120);

            double[] first = new double[rounds];
            double[] last = new double[rounds];
            double[] ratio = new double[rounds];
            double[] firstMedian = new double[rounds];
            double[] lastMedian = new double[rounds];
            double[] before = new double[rounds];
            double[] after = new double[rounds];
            double[] removed = new double[rounds];
            long removedNames = 0;
            for (int r = 0; r < rounds; r++) {
                before[r] = control.number("HEAP", "usedBytes", 120) / MB;
                Map<String, String> churn = control.send("NAMES round" + r + "- " + NAMES, 900);
                first[r] = Long.parseLong(churn.get("firstThousandNanos")) / 1000.0;
                last[r] = Long.parseLong(churn.get("lastThousandNanos")) / 1000.0;
                firstMedian[r] = Long.parseLong(churn.get("firstThousandMedianNanos")) / 1000.0;
                lastMedian[r] = Long.parseLong(churn.get("lastThousandMedianNanos")) / 1000.0;
                ratio[r] = last[r] / first[r];
                after[r] = control.number("HEAP", "usedBytes", 120) / MB;
                removedNames = Long.parseLong(control.send("REMOVE *", 300).get("removed"));
                removed[r] = control.number("HEAP", "usedBytes", 120) / MB;
                System.out.printf(
                        Locale.ROOT,
                        "growth round %d: first thousand %.2f us/lock (median %.2f), last"
                                + " thousand %.2f us/lock (median %.2f), ratio %.2f; heap %.1f MB before, %.1f MB after,"
                                + " %.1f MB after synchronizedRemove(\"*\") of %,d names%n",
                        r + 1,
                        first[r],
                        firstMedian[r],
                        last[r],
                        lastMedian[r],
                        ratio[r],
                        before[r],
                        after[r],
                        removed[r],
                        removedNames);
            }
            double ratioMedian = Medians.of(ratio);
            String of = " (median of " + rounds + " rounds)";
            List<BenchRow> rows = new ArrayList<>();
            rows.add(new BenchRow(
                    name(),
                    "1 JVM, embedded, unsafe mode: lock+unlock of a new name, mean of the" + " last thousand of "
                            + String.format(Locale.ROOT, "%,d", NAMES) + " distinct names" + of,
                    Medians.of(last),
                    "µs",
                    "first thousand " + BenchRow.number(Medians.of(first)) + " µs; per-lock"
                            + " medians: first " + BenchRow.number(Medians.of(firstMedian)) + " µs, last "
                            + BenchRow.number(Medians.of(lastMedian)) + " µs; ratio = median of the rounds' ratios",
                    ratioMedian,
                    "ratio ≤ 1.5",
                    ratioMedian <= 1.5));
            rows.add(BenchRow.figure(
                    name(),
                    "member heap after GC, after " + String.format(Locale.ROOT, "%,d", NAMES) + " new names" + of,
                    Medians.of(after),
                    "MB",
                    "before: " + BenchRow.number(Medians.of(before)) + " MB",
                    Medians.of(after) / Medians.of(before)));
            rows.add(BenchRow.figure(
                    name(),
                    "member heap after GC, after synchronizedRemove(\"*\") freed "
                            + String.format(Locale.ROOT, "%,d", removedNames) + " names" + of,
                    Medians.of(removed),
                    "MB",
                    "before: " + BenchRow.number(Medians.of(before)) + " MB",
                    Medians.of(removed) / Medians.of(before)));
            return rows;
        }
    }
}
