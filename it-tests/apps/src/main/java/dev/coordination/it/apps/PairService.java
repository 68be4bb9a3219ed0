package dev.coordination.it.apps;

import dev.coordination.Coordination;
import dev.coordination.Synchronized;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deadlock freedom: two methods name the same two locks in opposite orders, and the test calls them
 * with the arguments swapped on another JVM. Taken in the order written, some pair of calls would
 * each hold one lock and wait for the other forever; the agent sorts the names, so all finish. Each
 * call also bumps one counter file for the pair, so a call that ran without both locks would show.
 */
final class PairService {

    private final Path counters;

    PairService(Path dir) {
        this.counters = dir.resolve("counters");
    }

    String run(String a, String b, int threads, int calls) throws Exception {
        Files.createDirectories(counters);
        AtomicLong failures = new AtomicLong();
        AtomicLong done = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(
                    () -> {
                        for (int i = 0; i < calls; i++) {
                            try {
                                if (i % 2 == 0) {
                                    forward(a, b);
                                } else {
                                    backward(a, b);
                                }
                                done.incrementAndGet();
                            } catch (RuntimeException e) {
                                if (failures.incrementAndGet() <= 3) {
                                    e.printStackTrace();
                                }
                            }
                        }
                    },
                    "pairs-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return "OK calls=" + done.get() + " failures=" + failures.get() + " millis="
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Synchronized({"pair-{a}", "pair-{b}"})
    void forward(String a, String b) {
        bump(a, b);
    }

    @Synchronized({"pair-{b}", "pair-{a}"})
    void backward(String a, String b) {
        bump(a, b);
    }

    private void bump(String a, String b) {
        Coordination.fence("pair-" + a);
        Coordination.fence("pair-" + b);
        String pair = a.compareTo(b) < 0 ? a + "-" + b : b + "-" + a;
        Path counter = counters.resolve("pair-" + pair);
        try {
            long value;
            try {
                value = Long.parseLong(
                        Files.readString(counter, StandardCharsets.US_ASCII).trim());
            } catch (NoSuchFileException e) {
                value = 0;
            }
            Files.writeString(counter, Long.toString(value + 1), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
