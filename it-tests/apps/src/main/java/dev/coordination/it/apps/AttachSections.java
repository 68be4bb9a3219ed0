package dev.coordination.it.apps;

import dev.coordination.Coordination;
import dev.coordination.Synchronized;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The annotated method of {@link AttachApp}, loaded (and run) before the agent is attached. A
 * section registers itself in a holders folder shared by every JVM, optionally waits there until
 * enough holders are inside at once (and have all seen each other, so none leaves early), then does
 * a read-modify-write of a shared counter file: without
 * the lock two JVMs are inside together and updates get lost; with it neither happens.
 */
final class AttachSections {

    private final Path holders;
    private final Path counters;
    private final String jvm;

    AttachSections(Path dir, String jvm) {
        this.holders = dir.resolve("holders");
        this.counters = dir.resolve("counters");
        this.jvm = jvm;
    }

    /**
     * @param awaitHolders how many holders (this one included) to wait for inside, at most {@link
     *     AttachApp#BOUND_SECONDS}; 1 waits for nobody
     * @return the most holders this call saw inside at once
     */
    @Synchronized("attach-{name}")
    int section(String name, int awaitHolders) {
        Path inside = holders.resolve(name);
        Path me = inside.resolve(jvm + "-" + Thread.currentThread().getId());
        try {
            Files.createDirectories(inside);
            Files.createDirectories(counters);
            Files.createFile(me);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AttachApp.BOUND_SECONDS);
            int seen = awaitEntries(inside, awaitHolders, deadline);
            if (awaitHolders > 1) {
                // Nobody leaves before everyone has seen everyone, so each caller sees them all.
                Path saw = holders.resolve(name + ".saw");
                Files.createDirectories(saw);
                Files.createFile(saw.resolve(me.getFileName()));
                awaitEntries(saw, awaitHolders, deadline);
            }
            Path counter = counters.resolve(name);
            long value = read(counter);
            Thread.sleep(1);
            Files.writeString(counter, Long.toString(value + 1), StandardCharsets.US_ASCII);
            seen = Math.max(seen, count(inside));
            Files.delete(me);
            return seen;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted inside a section", e);
        }
    }

    /** For {@code AttachApp call}: says whether the call held lock {@code probe-NAME}, with its fence. */
    @Synchronized("probe-{name}")
    public static String probe(String name) {
        return Coordination.isActive() ? "locked fence=" + Coordination.fence("probe-" + name) : "unlocked";
    }

    private static int awaitEntries(Path folder, int wanted, long deadline) throws IOException, InterruptedException {
        int seen = count(folder);
        while (seen < wanted && System.nanoTime() < deadline) {
            Thread.sleep(5);
            seen = Math.max(seen, count(folder));
        }
        return seen;
    }

    private static int count(Path inside) throws IOException {
        try (var present = Files.list(inside)) {
            return (int) present.count();
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
