package dev.coordination.chaos;

import java.io.IOException;

/**
 * A line of a run's files that does not say what the format says it must. It names the file and the
 * line, so whoever wrote the line can find it; the run cannot be judged until it is mended.
 */
public final class HistoryFormatException extends IOException {

    private final String file;
    private final int line;

    /** @param line the 1-based line, or 0 when the problem is the file as a whole */
    public HistoryFormatException(String file, int line, String problem) {
        super(file + (line > 0 ? " line " + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The file's name within the run folder. */
    public String file() {
        return file;
    }

    /** The 1-based line, or 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }
}
