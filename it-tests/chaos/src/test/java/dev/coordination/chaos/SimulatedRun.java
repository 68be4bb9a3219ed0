package dev.coordination.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A made-up three-minute run the size of a real one: 3 dedicated members, 5 clients with 2 workers
 * each (one killed and replaced by a sixth), 4 names, a few thousand calls, and faults of several
 * kinds, one of which costs a cut-off holder its lock. Workers are simulated in time order against
 * a shared lock table, so the run keeps every promise; {@code faulty} adds one overlap with a
 * repeated fence, one call past its bound and one lost update.
 */
final class SimulatedRun {

    static final double SECONDS = 180;
    private static final List<String> NAMES = List.of("a", "b", "c", "d");

    private final Random random = new Random(42);
    private final HistoryBuilder builder = new HistoryBuilder();
    private final Map<String, Double> free = new HashMap<>();
    private final Map<String, Long> fences = new HashMap<>();
    private final List<Fault> faults = new ArrayList<>();
    private final Map<String, double[]> lives = new HashMap<>();
    private double heldFrom;
    private double heldUntil;

    private SimulatedRun() {}

    static HistoryBuilder build(boolean faulty) {
        return new SimulatedRun().simulate(faulty);
    }

    /** Writes a sample run folder and judges it: {@code SimulatedRun OUT_FOLDER [faulty]}. */
    public static void main(String[] args) throws IOException {
        Path folder = Files.createDirectories(Path.of(args[0]));
        build(args.length > 1).writeTo(folder);
        ChaosCheck.Result result = ChaosCheck.check(folder);
        System.out.print(result.report());
    }

    private HistoryBuilder simulate(boolean faulty) {
        for (String member : List.of("cp1", "cp2", "cp3")) {
            builder.jvm(member, JvmRole.MEMBER, 0, 3);
        }
        for (String app : List.of("app1", "app2", "app3", "app4", "app5")) {
            builder.jvm(app, JvmRole.CLIENT, 1, 4 + random.nextDouble());
            lives.put(app, new double[] {5, 999});
        }
        builder.jvm("app6", JvmRole.CLIENT, 125, 128);
        lives.put("app6", new double[] {128.5, 999});
        lives.get("app5")[1] = 120;
        builder.gone("app5", 120);
        fault("f1", FaultKind.ISOLATE, "app3", 30, 55, "app1,app2,app4,app5");
        fault("f2", FaultKind.ISOLATE_LEADER, "cp1", 60, 66, "app1,app2,app3,app4,app5");
        fault("f3", FaultKind.PAUSE_SHORT, "app2", 70, 72, "app1,app3,app4,app5");
        fault("f4", FaultKind.PAUSE_LONG, "app4", 88, 104, "app1,app2,app3,app5");
        fault("f5", FaultKind.KILL, "app5", 120, 120.2, "app1,app2,app3,app4");
        fault("f6", FaultKind.HALVES, "cp1,app1,app2", 140, 152, "app3,app4,app6");
        builder.heal(152).end(SECONDS);
        PriorityQueue<double[]> workers = new PriorityQueue<>((x, y) -> Double.compare(x[0], y[0]));
        List<String> apps = List.of("app1", "app2", "app3", "app4", "app5", "app6");
        for (int app = 0; app < apps.size(); app++) {
            for (int worker = 0; worker < 2; worker++) {
                workers.add(new double[] {lives.get(apps.get(app))[0] + random.nextDouble() * 0.05, app, worker});
            }
        }
        while (!workers.isEmpty()) {
            double[] worker = workers.poll();
            String jvm = apps.get((int) worker[1]);
            double next = call(jvm, "w" + (int) (worker[2] + 1), worker[0]);
            if (next < Math.min(SECONDS - 1, lives.get(jvm)[1])) {
                workers.add(new double[] {next, worker[1], worker[2]});
            }
        }
        if (faulty) {
            Call held = builder.build().calls().stream()
                    .filter(call ->
                            call.names().equals(List.of("a")) && call.acquiredMicros() >= HistoryBuilder.at(100))
                    .findFirst()
                    .orElseThrow();
            double from = (held.acquiredMicros() - HistoryBuilder.T0) / 1e6;
            double to = (held.bodyEndMicros() - HistoryBuilder.T0) / 1e6;
            builder.call(held.jvm().equals("app2") ? "app1" : "app2")
                    .thread("w9")
                    .names("a")
                    .fences(held.fence("a"))
                    .times(from + 0.0001, from + 0.0003, to + 0.001, to + 0.0012)
                    .add();
            builder.call("app3").thread("w9").timeout(2000).failed(130.0, 133.1).add();
            builder.value("b", accepted("b") - 1);
        }
        return builder;
    }

    /** app3 holds c as it is cut off at 30 s; its session ends at 45 s and its release at 47 s says lost. */
    private void lostLock() {
        long seq = builder.nextSeq("app3");
        double granted = Math.max(29.9, free.getOrDefault("c", 0.0) + 0.001);
        builder.call("app3")
                .thread("w3")
                .names("c")
                .fences(fence("c"))
                .times(29.7, granted, 46.9, 47.0)
                .outcome(Outcome.LOST)
                .add()
                .write("c", fences.get("c"), "app3:" + seq, StoreVerdict.STALE, 46.8);
        heldFrom = granted;
        heldUntil = 45.0;
    }

    private double call(String jvm, String thread, double start) {
        if (heldFrom == 0 && start >= 29.7) {
            lostLock();
        }
        double paused = pausedUntil(jvm, start);
        if (paused > start) {
            return paused + 0.01;
        }
        double roll = random.nextDouble();
        String name = NAMES.get(random.nextInt(NAMES.size()));
        HistoryBuilder.CallSpec call = builder.call(jvm).thread(thread).names(name);
        double bound;
        if (roll < 0.3) {
            bound = 32;
        } else if (roll < 0.6) {
            long timeout = random.nextBoolean() ? 500 : 2000;
            call.timeout(timeout);
            bound = timeout / 1000.0;
        } else if (roll < 0.8) {
            call.shape(Shape.TRY);
            bound = 0;
        } else {
            call.shape(Shape.FACADE).timeout(1000);
            bound = 1;
        }
        double reachable = reachableFrom(jvm, start);
        double grant = Math.max(Math.max(start + 0.0008, reachable), free.getOrDefault(name, 0.0));
        if (name.equals("c") && grant > heldFrom - 0.01 && grant < heldUntil) {
            grant = heldUntil; // the cut-off holder keeps c until its session ends
        }
        double think = 0.05 + random.nextDouble() * 0.25;
        if (call.isTry() && grant > start + 0.002) {
            double end = reachable > start ? start + 4.8 : start + 0.0015;
            call.failed(start, end).add();
            return end + think;
        }
        if (grant - start > bound && !call.isTry()) {
            double end = start + bound + 0.003 + random.nextDouble() * 0.05;
            call.failed(start, end).add();
            return end + think;
        }
        double bodyEnd = grant + 0.002 + random.nextDouble() * 0.006;
        call.fences(fence(name))
                .times(start, grant, bodyEnd, bodyEnd + 0.0005)
                .accepted()
                .add();
        free.put(name, bodyEnd + 0.0007);
        return bodyEnd + think;
    }

    /** When {@code jvm} can reach a CP majority again, from {@code at}. */
    private double reachableFrom(String jvm, double at) {
        double reachable = at;
        for (Fault fault : faults) {
            double from = (fault.startMicros() - HistoryBuilder.T0) / 1e6;
            double to = (fault.endMicros() - HistoryBuilder.T0) / 1e6;
            boolean cut = fault.kind().effect() == FaultKind.Effect.NETWORK
                    && !fault.majority().contains(jvm);
            boolean election = fault.kind() == FaultKind.ISOLATE_LEADER && reachable < from + 5.5;
            if (from <= reachable && reachable < to && (cut || election)) {
                reachable = cut ? to + 1.5 : from + 5.5;
            }
        }
        return reachable;
    }

    private double pausedUntil(String jvm, double at) {
        for (Fault fault : faults) {
            double from = (fault.startMicros() - HistoryBuilder.T0) / 1e6;
            double to = (fault.endMicros() - HistoryBuilder.T0) / 1e6;
            if (fault.kind().pauses() && fault.targets().contains(jvm) && from <= at && at < to) {
                return to;
            }
        }
        return at;
    }

    private void fault(String id, FaultKind kind, String targets, double from, double to, String majority) {
        builder.fault(id, kind, targets, from, to, majority);
        faults.add(new Fault(
                id,
                kind,
                List.of(targets.split(",")),
                HistoryBuilder.at(from),
                HistoryBuilder.at(to),
                List.of(majority.split(",")),
                ""));
    }

    private long fence(String name) {
        return fences.merge(name, 1L, Long::sum);
    }

    private long accepted(String name) {
        return builder.build().writes().stream()
                .filter(write -> write.name().equals(name) && write.verdict() == StoreVerdict.ACCEPTED)
                .count();
    }
}
