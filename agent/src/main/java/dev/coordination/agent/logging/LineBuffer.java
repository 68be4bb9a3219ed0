package dev.coordination.agent.logging;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines written before the application's logging was ready, oldest first, at most {@code
 * capacity} of them: a line beyond that pushes the oldest out, and the caller writes that one to
 * standard error at once, so none is lost (docs/logging.md). Not thread-safe: {@link LogRoute} holds
 * its lock. Agent jar, system class loader.
 */
final class LineBuffer {

    private final int capacity;
    private final ArrayDeque<LogLine> lines = new ArrayDeque<>();
    private long pushedOut;

    LineBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** Keeps {@code line}; returns the oldest line when the buffer was full, or {@code null}. */
    LogLine add(LogLine line) {
        LogLine oldest = null;
        if (lines.size() == capacity) {
            oldest = lines.removeFirst();
            pushedOut++;
        }
        lines.addLast(line);
        return oldest;
    }

    /** How many lines {@link #add} has pushed out so far. */
    long pushedOut() {
        return pushedOut;
    }

    int capacity() {
        return capacity;
    }

    /** The lines kept, oldest first; the buffer is empty afterwards. */
    List<LogLine> drain() {
        List<LogLine> all = new ArrayList<>(lines);
        lines.clear();
        return all;
    }
}
