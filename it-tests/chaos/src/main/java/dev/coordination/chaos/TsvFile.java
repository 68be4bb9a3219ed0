package dev.coordination.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads one file of a run line by line, skipping blank lines and {@code #} comments. A last line
 * without its newline whose reading fails is passed over with a note, not an error: a JVM killed
 * while appending leaves exactly such a line, and the lines before it are still good.
 */
final class TsvFile {

    /** Takes one line; throws when the line is malformed. */
    interface LineReader {
        void read(TsvLine line) throws HistoryFormatException;
    }

    private TsvFile() {}

    static void read(Path path, LineReader reader, List<String> notes) throws IOException {
        String file = path.getFileName().toString();
        String content = Files.readString(path, StandardCharsets.UTF_8);
        String[] lines = content.split("\n", -1);
        for (int index = 0; index < lines.length; index++) {
            String text =
                    lines[index].endsWith("\r") ? lines[index].substring(0, lines[index].length() - 1) : lines[index];
            if (text.isBlank() || text.startsWith("#")) {
                continue;
            }
            boolean unterminated = index == lines.length - 1;
            try {
                reader.read(new TsvLine(file, index + 1, text));
            } catch (HistoryFormatException e) {
                if (!unterminated) {
                    throw e;
                }
                notes.add(e.getMessage() + " (the file's last line has no newline: its writer stopped while"
                        + " writing it; passed over)");
            }
        }
    }
}
