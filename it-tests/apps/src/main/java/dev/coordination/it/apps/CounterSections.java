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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exclusion at scale: threads call {@link #section} round the lock names as fast as they can. A
 * section is a read-modify-write of a counter file, shared by every JVM, and notes the value it read
 * with its fence; the test then checks, across the JVMs, that no value was read twice (no lost
 * update) and that fences grow with the shared state. A holders folder per name counts the threads
 * inside at once, cluster-wide. Records go to {@code records-JVM.txt} as {@code NAME VALUE FENCE}.
 */
final class CounterSections {

    private final Path counters;
    private final Path holders;
    private final Path records;
    private final String jvm;
    private final AtomicInteger maxHolders = new AtomicInteger();

    CounterSections(Path dir, String jvm) {
        this.counters = dir.resolve("counters");
        this.holders = dir.resolve("holders");
        this.records = dir.resolve("records-" + jvm + ".txt");
        this.jvm = jvm;
    }

    String run(String prefix, int locks, int threads, int calls) throws Exception {
        return run(prefix, locks, threads, calls, Thread::new);
    }

    /** As {@link #run(String, int, int, int)}, on threads of {@code factory} (virtual ones, say). */
    String run(String prefix, int locks, int threads, int calls, ThreadFactory factory) throws Exception {
        Files.createDirectories(counters);
        AtomicLong failures = new AtomicLong();
        List<List<String>> lines = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            List<String> mine = new ArrayList<>(calls);
            lines.add(mine);
            int offset = t;
            Thread worker = factory.newThread(() -> {
                for (int i = 0; i < calls; i++) {
                    String name = prefix + "-" + ((i + offset) % locks);
                    try {
                        long[] read = section(name);
                        mine.add(name + " " + read[0] + " " + read[1]);
                    } catch (RuntimeException e) {
                        if (failures.incrementAndGet() <= 3) {
                            e.printStackTrace();
                        }
                    }
                }
            });
            worker.setName("count-" + jvm + "-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        List<String> all = new ArrayList<>();
        lines.forEach(all::addAll);
        Files.write(records, all, StandardCharsets.US_ASCII);
        return "OK sections=" + all.size() + " failures=" + failures.get() + " maxHolders=" + maxHolders.get()
                + " millis=" + millis;
    }

    /** @return the counter value this section read and the fence it held */
    @Synchronized("{name}")
    long[] section(String name) {
        Path inside = holders.resolve(name);
        Path me = inside.resolve(jvm + "-" + Thread.currentThread().getId());
        try {
            Files.createDirectories(inside);
            Files.createFile(me);
            try (var present = Files.list(inside)) {
                maxHolders.accumulateAndGet((int) present.count(), Math::max);
            }
            Path counter = counters.resolve(name);
            long value = read(counter);
            Files.writeString(counter, Long.toString(value + 1), StandardCharsets.US_ASCII);
            long fence = Coordination.fence(name);
            Files.delete(me);
            return new long[] {value, fence};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long read(Path counter) throws IOException {
        try {
            String text = Files.readString(counter, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? 0 : Long.parseLong(text);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }
}
