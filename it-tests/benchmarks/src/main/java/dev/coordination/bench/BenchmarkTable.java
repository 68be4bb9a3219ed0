package dev.coordination.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs the benchmark groups ({@code -Dbench.groups=all} or a comma-separated list) and prints one
 * table: each figure next to its baseline from the same run, the ratio and the goal
 * (docs/benchmarks.md). The table also goes to {@code target/bench/table.md}, headed by the machine
 * it ran on.
 */
public final class BenchmarkTable {

    /** Every group, in table order. */
    static final List<BenchmarkGroup> GROUPS = List.of(
            new OverheadGroup(),
            new RenderGroup(),
            new StartupGroup(),
            new LatencyGroup(),
            new GrowthGroup(),
            new StripesGroup(),
            new ZooKeeperGroup());

    private BenchmarkTable() {}

    public static void main(String[] args) throws Exception {
        BenchContext context = new BenchContext();
        Set<String> wanted = new TreeSet<>(
                Arrays.asList(System.getProperty("bench.groups", "all").split(",")));
        List<BenchRow> rows = new ArrayList<>();
        for (BenchmarkGroup group : GROUPS) {
            if (wanted.contains("all") || wanted.contains(group.name())) {
                System.out.println("bench: running group " + group.name());
                rows.addAll(group.run(context));
            }
        }
        String table = machine() + "\n\n" + table(rows);
        Files.writeString(context.workDir.resolve("table.md"), table);
        System.out.println();
        System.out.println(table);
        System.out.println("(also in " + context.workDir.resolve("table.md") + ")");
    }

    static String table(List<BenchRow> rows) {
        StringBuilder text = new StringBuilder("| group | measure | figure | baseline (same run) | ratio | goal | |\n")
                .append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (BenchRow row : rows) {
            text.append(row.markdown()).append('\n');
        }
        return text.toString();
    }

    static String machine() throws IOException {
        String cpu = "unknown CPU";
        Path cpuInfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuInfo)) {
            cpu = Files.readAllLines(cpuInfo).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(cpu);
        }
        return "Machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max heap of the table's JVM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
    }
}
