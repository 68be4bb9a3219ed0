package dev.coordination.demo;

import dev.coordination.Coordination;
import dev.coordination.DistributedLock;
import dev.coordination.support.SharedCounters;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * One JVM of the demo (started by {@link Demo} with the agent attached): waits for its cluster,
 * then runs worker threads calling {@link VolumeService} for a while and writes a report.
 * Arguments: run directory, worker number, threads, seconds.
 */
public final class DemoWorker {

    static final long WAIT_FOR_GO_SECONDS = 120;

    private DemoWorker() {}

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        String id = args[1];
        int threads = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        if (!Coordination.isActive()) {
            System.err.println("DemoWorker " + id + ": the coordination agent is not attached");
            System.exit(3);
        }
        DistributedLock warmup = Coordination.getLock("demo-warmup-" + id);
        if (!warmup.tryLock(WAIT_FOR_GO_SECONDS, TimeUnit.SECONDS)) {
            System.err.println("DemoWorker " + id + ": could not take a first lock");
            System.exit(4);
        }
        warmup.unlock();
        Files.createFile(dir.resolve("ready-" + id));
        awaitFile(dir.resolve("go"), WAIT_FOR_GO_SECONDS);

        SharedCounters counters = new SharedCounters(dir, "jvm" + id);
        VolumeService service = new VolumeService(counters);
        AtomicLong calls = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong callNanos = new AtomicLong();
        LongAccumulator longestCall = new LongAccumulator(Math::max, 0);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(
                    () -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        while (System.nanoTime() < end) {
                            Volume vol = new Volume("v" + random.nextInt(4), 10);
                            long start = System.nanoTime();
                            try {
                                switch (random.nextInt(4)) {
                                    case 0:
                                        service.attach(vol, "host" + id);
                                        break;
                                    case 1:
                                        service.createSnapshot(vol, Map.of("name", "s" + random.nextInt(2)));
                                        break;
                                    case 2:
                                        service.copy(vol, new Volume("v" + random.nextInt(4), 10));
                                        break;
                                    default:
                                        service.extend(vol, 1);
                                        break;
                                }
                                calls.incrementAndGet();
                            } catch (RuntimeException e) {
                                errors.incrementAndGet();
                                System.err.println("DemoWorker " + id + ": call failed: " + e);
                            }
                            long took = System.nanoTime() - start;
                            callNanos.addAndGet(took);
                            longestCall.accumulate(took);
                        }
                    },
                    "demo-worker-" + id + "-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        Properties report = new Properties();
        report.setProperty("calls", Long.toString(calls.get()));
        report.setProperty("errors", Long.toString(errors.get()));
        report.setProperty("callMillis", Long.toString(TimeUnit.NANOSECONDS.toMillis(callNanos.get())));
        report.setProperty("longestCallMillis", Long.toString(TimeUnit.NANOSECONDS.toMillis(longestCall.get())));
        report.setProperty("maxHolders", Integer.toString(counters.maxHolders()));
        counters.increments().forEach((name, count) -> report.setProperty("increments." + name, count.toString()));
        Path file = dir.resolve("report-" + id + ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            report.store(out, "DemoWorker " + id);
        }
        System.exit(errors.get() == 0 ? 0 : 1);
    }

    static void awaitFile(Path file, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("gave up waiting " + seconds + "s for " + file);
            }
            Thread.sleep(20);
        }
    }
}
