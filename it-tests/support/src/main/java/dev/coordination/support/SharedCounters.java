package dev.coordination.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * State shared by every JVM of a demo or test, kept in files so no JVM's own memory can hide a race:
 * a counter per lock name, read, slowed down and written back, which loses updates unless the
 * section is exclusive; and a holders folder per lock name, whose entry count is the number of
 * threads inside that section at once, cluster-wide.
 */
public final class SharedCounters {

    private final Path dir;
    private final String owner;
    private final ConcurrentHashMap<String, LongAdder> increments = new ConcurrentHashMap<>();
    private final AtomicInteger maxHolders = new AtomicInteger();

    public SharedCounters(Path dir, String owner) {
        this.dir = dir;
        this.owner = owner;
    }

    /** The read-modify-write of one guarded section, with a pause in the middle to invite races. */
    public void increment(String lockName) {
        Path holders = dir.resolve("holders").resolve(lockName);
        Path me = holders.resolve(owner + "-" + Thread.currentThread().getId());
        try {
            Files.createDirectories(holders);
            Files.createFile(me);
            try (var inside = Files.list(holders)) {
                maxHolders.accumulateAndGet((int) inside.count(), Math::max);
            }
            Path counter = dir.resolve("counters").resolve(lockName);
            Files.createDirectories(counter.getParent());
            long value = read(counter);
            Thread.sleep(1);
            Files.writeString(counter, Long.toString(value + 1), StandardCharsets.US_ASCII);
            increments.computeIfAbsent(lockName, k -> new LongAdder()).increment();
            Files.delete(me);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted inside a section", e);
        }
    }

    /** The value of a counter file (0 while it does not exist). */
    public static long read(Path counter) throws IOException {
        try {
            String text = Files.readString(counter, StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? 0 : Long.parseLong(text);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    public ConcurrentHashMap<String, LongAdder> increments() {
        return increments;
    }

    public int maxHolders() {
        return maxHolders.get();
    }
}
