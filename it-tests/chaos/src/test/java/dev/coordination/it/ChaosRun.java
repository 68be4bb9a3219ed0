package dev.coordination.it;

import dev.coordination.chaos.ChaosCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One chaos run: a fresh lab and topology, workers in every application JVM, the nemesis playing
 * its schedule for the window, the final heal, at least {@value #RECOVERY_MILLIS} ms of work after
 * it so recovery shows in the histories, then the workers stopped (bounded) and every file closed.
 * Everything it started is ended however it ends. The folder holds {@code history-JVM.tsv} of each
 * application JVM, {@code nemesis.tsv}, {@code store.tsv}, {@code schedule.txt}, the checker's
 * {@code report.txt} and {@code timeline.svg}, and the processes' logs.
 */
final class ChaosRun {

    static final long RECOVERY_MILLIS = 12_000;
    /** How long the workers may take to finish their calls once told to stop (a call without a timeout may wait 32 s). */
    static final long STOP_SECONDS = 60;

    record Result(Path dir, List<String> problems, ChaosCheck.Result checked) {}

    private ChaosRun() {}

    static Result execute(ChaosSettings settings, ChaosSettings.Run run) throws Exception {
        Layout layout = layout(run.backend());
        long windowMillis = settings.windowMillis();
        Path dir = settings.outDir().resolve(run.backend() + "-" + run.seed()).toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir.resolve("logs"));
        List<PlannedFault> schedule = Schedule.draw(run.seed(), layout, windowMillis);
        Files.write(
                dir.resolve("schedule.txt"),
                schedule.stream().map(PlannedFault::toString).toList());
        System.out.printf(
                "ChaosIT: %s, seed %d, %d s of faults, into %s%nChaosIT: replay: %s%nChaosIT: schedule:%n  %s%n",
                run.backend(),
                run.seed(),
                windowMillis / 1000,
                dir,
                settings.replay(run),
                schedule.stream().map(PlannedFault::toString).collect(Collectors.joining("\n  ")));
        long begin = System.nanoTime();
        List<String> problems;
        Map<String, String> stops;
        NetworkLab lab = NetworkLab.create(layout.hosts());
        try (lab;
                ChaosStore store = ChaosStore.open();
                NemesisLog log = new NemesisLog(dir.resolve("nemesis.tsv"));
                Topology topology = topology(run.backend(), lab, dir, store, log)) {
            topology.start();
            System.out.printf(
                    "ChaosIT: %s: every process serves after %.1f s: %s%n",
                    run.backend(), seconds(begin), topology.current().values());
            Nemesis nemesis = new Nemesis(topology, new Cuts(lab), log);
            nemesis.run(schedule, windowMillis);
            Thread.sleep(RECOVERY_MILLIS); // the work after the heal, in which recovery must show
            stops = topology.stopWorkers(STOP_SECONDS);
            log.end(NemesisLog.nowMicros());
            topology.stopAll();
            store.writeTsv(dir.resolve("store.tsv"));
            problems = nemesis.problems();
            System.out.printf(
                    "ChaosIT: %s: %,d store writes (%d stale, %d lost updates); workers stopped: %s%n",
                    run.backend(), store.size(), store.count("stale"), store.count("lost-update"), stops);
        }
        ChaosCheck.Result checked = ChaosCheck.check(dir);
        System.out.printf(
                "ChaosIT: %s, seed %d: done in %.1f s; report %s, timeline %s%n%s",
                run.backend(),
                run.seed(),
                seconds(begin),
                checked.reportFile(),
                checked.timelineFile(),
                checked.report());
        problems.forEach(problem -> System.out.println("ChaosIT: PROBLEM " + problem));
        return new Result(dir, problems, checked);
    }

    static Layout layout(String backend) {
        return backend.equals("hazelcast") ? HazelcastTopology.LAYOUT : ZooKeeperTopology.LAYOUT;
    }

    private static Topology topology(String backend, NetworkLab lab, Path dir, ChaosStore store, NemesisLog log)
            throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        return backend.equals("hazelcast")
                ? new HazelcastTopology(lab, dir, store, log)
                : new ZooKeeperTopology(lab, dir, store, log);
    }

    private static double seconds(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since) / 1000.0;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
