package dev.coordination.sample.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A counter kept in a file shared by every JVM of a test, read, slowed down and written back, so
 * it loses updates unless the section is exclusive across JVMs; and a holders folder whose entry
 * count is the number of threads inside the section at once, cluster-wide.
 */
final class FileCounter {

    private final Path dir;
    private final String owner;
    private final AtomicInteger maxHolders = new AtomicInteger();

    FileCounter(Path dir, String owner) {
        this.dir = dir;
        this.owner = owner;
    }

    void increment(String name) {
        Path holders = dir.resolve("holders").resolve(name);
        Path me = holders.resolve(owner + "-" + Thread.currentThread().getId());
        try {
            Files.createDirectories(holders);
            Files.createFile(me);
            try (var inside = Files.list(holders)) {
                maxHolders.accumulateAndGet((int) inside.count(), Math::max);
            }
            Path counter = dir.resolve("counters").resolve(name);
            Files.createDirectories(counter.getParent());
            long value = read(counter);
            Thread.sleep(1);
            Files.writeString(counter, Long.toString(value + 1), StandardCharsets.US_ASCII);
            Files.delete(me);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted inside a section", e);
        }
    }

    int maxHolders() {
        return maxHolders.get();
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
