package dev.coordination.it.apps;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The history file of one JVM's chaos workers ({@code history-JVM.tsv}, format in the chaos
 * module's README): one line per call, appended as the call ends. The stream is unbuffered, so each
 * line is one write to the operating system and a JVM killed at any moment leaves every call it
 * finished on disk.
 */
final class HistoryWriter implements AutoCloseable {

    private final FileOutputStream out;
    private boolean closed;

    HistoryWriter(Path file) throws IOException {
        this.out = new FileOutputStream(file.toFile(), true);
    }

    /** Microseconds since the epoch, from the wall clock all JVMs of a run share (one machine). */
    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Appends one line; after {@link #close} (a worker that outlived its stop) the line is dropped. */
    synchronized void write(String line) {
        if (closed) {
            return;
        }
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        out.close();
    }
}
