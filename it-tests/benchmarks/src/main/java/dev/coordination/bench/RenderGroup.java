package dev.coordination.bench;

import dev.coordination.bench.render.RenderBenchmark;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;

/**
 * Lock-name rendering alone (the agent's template compiler, called directly), time and bytes
 * allocated per name. The bytes are set against what the resulting String itself costs, since the
 * goal is no allocation beyond it.
 */
final class RenderGroup implements BenchmarkGroup {

    private static final String GROUP = "render";
    private static final double FIRST_GOAL_NANOS = 200;

    @Override
    public String name() {
        return GROUP;
    }

    @Override
    public List<BenchRow> run(BenchContext context) throws Exception {
        JmhScores scores = JmhScores.run(context.jmh(RenderBenchmark.class.getName() + "\\.")
                .addProfiler(GCProfiler.class)
                .build());
        List<BenchRow> rows = new ArrayList<>();
        add(rows, scores, "oneField", RenderBenchmark.ONE_FIELD, true);
        add(rows, scores, "threeParts", RenderBenchmark.THREE_PARTS, false);
        add(rows, scores, "fiveFields", RenderBenchmark.FIVE_FIELDS, false);
        return rows;
    }

    private static void add(List<BenchRow> rows, JmhScores scores, String method, String template, boolean timeGoal) {
        String name = RenderBenchmark.rendered(template);
        long stringBytes = stringBytes(name.length());
        String what = "`" + template + "`";
        double nanos = scores.score(method);
        if (timeGoal) {
            rows.add(new BenchRow(
                    GROUP,
                    "render " + what,
                    nanos,
                    "ns",
                    "",
                    Double.NaN,
                    "< 200 ns after warm-up",
                    nanos < FIRST_GOAL_NANOS));
        } else {
            rows.add(BenchRow.figure(GROUP, "render " + what, nanos, "ns", "", Double.NaN));
        }
        double bytes = scores.allocatedBytes(method);
        String fresh = name.length() + " characters: a new String costs " + stringBytes + " B";
        // gc.alloc.rate.norm is exact to a fraction of a byte for a steady benchmark.
        rows.add(new BenchRow(
                GROUP,
                "allocated per render of " + what,
                bytes,
                "B",
                fresh,
                bytes / stringBytes,
                "no allocation beyond the resulting String (<= " + stringBytes + " B)",
                bytes <= stringBytes + 0.5));
    }

    /** A compact (Latin-1) String: 24-byte object, byte[] of 16-byte header plus its length rounded up to 8. */
    static long stringBytes(int length) {
        return 24 + 16 + ((length + 7) / 8) * 8L;
    }
}
