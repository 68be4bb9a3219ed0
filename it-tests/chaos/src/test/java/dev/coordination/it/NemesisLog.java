package dev.coordination.it;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;

/**
 * {@code nemesis.tsv} of a chaos run (format in the chaos module's README): the JVMs as they become
 * ready and go, each fault with its start, end, targets and majority side, and the final heal. Lines
 * are written unbuffered as things happen, so a run that ends early leaves what it did on disk.
 */
final class NemesisLog implements AutoCloseable {

    private static final String NONE = "-";

    private final FileOutputStream out;

    NemesisLog(Path file) throws IOException {
        this.out = new FileOutputStream(file.toFile(), true);
    }

    /** Microseconds since the epoch, from the wall clock the run's JVMs share. */
    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** @param readyMicros when it served (took its first lock, or a ZooKeeper server joined its quorum), or -1 */
    void jvm(String jvm, String role, int host, long startMicros, long readyMicros) {
        line("JVM", jvm, role, Integer.toString(host), Long.toString(startMicros), micros(readyMicros));
    }

    void gone(String jvm, long micros) {
        line("GONE", jvm, Long.toString(micros));
    }

    void fault(
            int id,
            String kind,
            Collection<String> targets,
            long startMicros,
            long endMicros,
            Collection<String> majority,
            String detail) {
        line(
                "FAULT",
                Integer.toString(id),
                kind,
                list(targets),
                Long.toString(startMicros),
                Long.toString(endMicros),
                list(majority),
                detail.isBlank() ? NONE : detail.replaceAll("[\\t\\r\\n]+", " "));
    }

    void heal(long micros) {
        line("HEAL", Long.toString(micros));
    }

    /** Every worker has finished its last call; the JVMs are stopped after this. */
    void end(long micros) {
        line("END", Long.toString(micros));
    }

    private static String micros(long micros) {
        return micros < 0 ? NONE : Long.toString(micros);
    }

    private static String list(Collection<String> values) {
        return values.isEmpty() ? NONE : String.join(",", values);
    }

    private synchronized void line(String... fields) {
        try {
            out.write((String.join("\t", fields) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
