package dev.coordination.bench;

import dev.coordination.support.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What lock stripes cost, for each stripe count tried ({@code -Dbench.stripes.counts}, default
 * 4096,16384,65536,131072; {@code -Dbench.stripes.memory=false} leaves the memory part out):
 * <ul>
 *   <li><b>False contention.</b> Two JVMs with the agent (embedded members, unsafe mode with the
 *       opt-in): in the first, 1, 10, 100, 400 and 1,000 threads each hold a name at any moment (a
 *       fresh one every 2 s); the second calls {@code tryLock()} on never-used names (20,000) and counts the
 *       refusals (only another name on the same stripe can refuse one), then {@code lock()} on
 *       never-used names and measures the added wait against the same calls with nothing held.
 *   <li><b>Member memory with every stripe used.</b> One name taken on every stripe (and removed
 *       from the name directory again, which is bounded on its own), then the heap after full
 *       collections of each member: one embedded member in unsafe mode, and each member
 *       of a CP group of three embedded members (the JVM that took the names, and the two others).
 * </ul>
 * The JVMs are the integration tests' {@code ScenarioApp} ({@code StripeLoad}, {@code NameChurn}'s
 * {@code HEAP}). Not JMH: each figure is one pass over fresh names.
 */
final class StripesGroup implements BenchmarkGroup {

    private static final int[] HELD = {1, 10, 100, 400, 1_000};
    private static final long HOLD_MILLIS = 2_000;
    private static final long READY_SECONDS = 120;
    private static final double MB = 1024 * 1024;

    @Override
    public String name() {
        return "stripes";
    }

    @Override
    public List<BenchRow> run(BenchContext context) throws Exception {
        int[] counts = Arrays.stream(System.getProperty("bench.stripes.counts", "4096,16384,65536,131072")
                        .split(","))
                .mapToInt(count -> Integer.parseInt(count.trim()))
                .toArray();
        int tries = context.quick ? 200 : 20_000;
        int blocking = context.quick ? 30 : 300;
        List<BenchRow> rows = new ArrayList<>();
        for (int count : counts) {
            rows.addAll(contention(context, count, tries, blocking));
        }
        if (Boolean.parseBoolean(System.getProperty("bench.stripes.memory", "true"))) {
            for (int count : counts) {
                rows.addAll(memory(context, count, 0));
                rows.addAll(memory(context, count, 3));
            }
        }
        return rows;
    }

    private List<BenchRow> contention(BenchContext context, int stripes, int tries, int blocking) throws Exception {
        List<BenchRow> rows = new ArrayList<>();
        try (Cluster cluster = Cluster.start(context, "false-" + stripes, 2, 0, stripes)) {
            AppControl holder = cluster.controls.get(0);
            AppControl prober = cluster.controls.get(1);
            // Every stripe's CP lock looked up once in the measuring JVM, so that no figure below pays
            // a first use (one more round trip), and the code is compiled.
            prober.send("COVER w- " + stripes, 3_600);
            prober.send("LOCKFREE warm- " + blocking, 600);
            double baseMean = Double.parseDouble(
                    prober.send("LOCKFREE base- " + blocking, 600).get("meanMicros"));
            for (int held : HELD) {
                holder.send("HOLDERS h" + held + " " + held + " " + HOLD_MILLIS, READY_SECONDS + 60);
                Map<String, String> tried = prober.send("TRYFREE t" + held + "- " + tries, 600);
                Map<String, String> locked = prober.send("LOCKFREE l" + held + "- " + blocking, 1_800);
                holder.send("HOLDERSTOP", 120);
                double refused = 100.0 * Long.parseLong(tried.get("refused")) / tries;
                double expected = 100.0 * (1 - Math.pow(1 - 1.0 / stripes, held));
                double added = (Double.parseDouble(locked.get("meanMicros")) - baseMean) / 1000;
                System.out.printf(
                        Locale.ROOT,
                        "stripes %d, %d held: %s of %d tryLock() refused (%.2f %%, expected %.2f %%);"
                                + " lock() mean %s us (nothing held: %.0f us), %s of %d waited 10 ms or more%n",
                        stripes,
                        held,
                        tried.get("refused"),
                        tries,
                        refused,
                        expected,
                        locked.get("meanMicros"),
                        baseMean,
                        locked.get("over10ms"),
                        blocking);
                rows.add(BenchRow.figure(
                        name(),
                        String.format(
                                Locale.ROOT,
                                "%,d stripes, %,d names held in another JVM: tryLock() on free names refused",
                                stripes,
                                held),
                        refused,
                        "%",
                        String.format(Locale.ROOT, "expected %.2f %% (1 - (1 - 1/stripes)^held)", expected),
                        Double.NaN));
                rows.add(BenchRow.figure(
                        name(),
                        String.format(
                                Locale.ROOT,
                                "%,d stripes, %,d names held in another JVM (each for %d s): added mean wait of"
                                        + " lock() on free names",
                                stripes,
                                held,
                                HOLD_MILLIS / 1000),
                        added,
                        "ms",
                        String.format(
                                Locale.ROOT,
                                "nothing held: %.2f ms; %s of %d calls waited 10 ms or more",
                                baseMean / 1000,
                                locked.get("over10ms"),
                                blocking),
                        Double.NaN));
            }
        }
        return rows;
    }

    private List<BenchRow> memory(BenchContext context, int stripes, int cpMembers) throws Exception {
        int jvms = cpMembers == 0 ? 1 : cpMembers;
        String topology = cpMembers == 0 ? "1 embedded member, unsafe mode" : "CP group of 3 embedded members";
        try (Cluster cluster = Cluster.start(context, "mem-" + cpMembers + "-" + stripes, jvms, cpMembers, stripes)) {
            double[] before = new double[jvms];
            for (int i = 0; i < jvms; i++) {
                before[i] = cluster.controls.get(i).number("HEAP", "usedBytes", 120) / MB;
            }
            Map<String, String> covered = cluster.controls.get(0).send("COVER c- " + stripes, 3_600);
            // The name directory (for synchronizedRemove) is bounded on its own: only the stripes count here.
            cluster.controls.get(0).send("REMOVE c-*", 600);
            double[] growth = new double[jvms];
            for (int i = 0; i < jvms; i++) {
                growth[i] = cluster.controls.get(i).number("HEAP", "usedBytes", 120) / MB - before[i];
            }
            System.out.printf(
                    Locale.ROOT,
                    "stripes %d, %s: every stripe used in %s ms; heap growth per member %s MB%n",
                    stripes,
                    topology,
                    covered.get("millis"),
                    Arrays.toString(growth));
            List<BenchRow> rows = new ArrayList<>();
            rows.add(BenchRow.figure(
                    name(),
                    String.format(
                            Locale.ROOT,
                            "%,d stripes, every one used: heap growth of %s",
                            stripes,
                            cpMembers == 0 ? "the member (unsafe mode)" : "the CP member whose JVM took the locks"),
                    growth[0],
                    "MB",
                    String.format(Locale.ROOT, "%,.0f bytes per stripe", growth[0] * MB / stripes),
                    Double.NaN));
            if (cpMembers > 0) {
                double others = (growth[1] + growth[2]) / 2;
                rows.add(BenchRow.figure(
                        name(),
                        String.format(
                                Locale.ROOT,
                                "%,d stripes, every one used: heap growth of each other CP member (mean of 2)",
                                stripes),
                        others,
                        "MB",
                        String.format(Locale.ROOT, "%,.0f bytes per stripe", others * MB / stripes),
                        Double.NaN));
            }
            return rows;
        }
    }

    /** ScenarioApp JVMs with the agent, forming one cluster on 127.0.0.1, each with its control. */
    private static final class Cluster implements AutoCloseable {
        final ExtraJvms jvms = new ExtraJvms();
        final List<AppControl> controls = new ArrayList<>();

        static Cluster start(BenchContext context, String tag, int size, int cpMembers, int stripes) throws Exception {
            Cluster cluster = new Cluster();
            try {
                Path dir = Files.createDirectories(
                        context.workDir.resolve("stripes").resolve(tag));
                int first = FreePorts.block(size, 41000, 59000);
                StringBuilder members = new StringBuilder();
                for (int i = 0; i < size; i++) {
                    members.append(i == 0 ? "" : ",").append("127.0.0.1:").append(first + i);
                }
                List<ExtraJvms.Jvm> started = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    String agentArgs = "cluster-name=bench-stripes-" + first + ",port=" + (first + i) + ",members="
                            + members + ",cp-member-count=" + cpMembers + ",lock-stripes=" + stripes
                            + (cpMembers == 0 && size > 1 ? ",allow-unsafe-cluster=true" : "");
                    started.add(AppControl.launch(context, cluster.jvms, dir, tag + "-" + i, agentArgs));
                }
                for (ExtraJvms.Jvm jvm : started) {
                    cluster.controls.add(AppControl.await(jvm, dir, READY_SECONDS));
                }
                for (AppControl control : cluster.controls) {
                    control.send("WARMUP warmup " + READY_SECONDS, READY_SECONDS + 10);
                }
                return cluster;
            } catch (Exception | Error e) {
                cluster.close();
                throw e;
            }
        }

        @Override
        public void close() {
            jvms.close();
        }
    }
}
