package dev.coordination.chaos;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a run folder ({@code nemesis.tsv}, {@code store.tsv}, one {@code history-JVM.tsv} per
 * application JVM) into a {@link History}. A malformed line fails the whole read with a
 * {@link HistoryFormatException} naming the file and the line: a run read in part would be judged on
 * what is missing.
 */
public final class HistoryReader {

    public static final String NEMESIS_FILE = "nemesis.tsv";
    public static final String STORE_FILE = "store.tsv";
    public static final String HISTORY_PREFIX = "history-";
    public static final String SUFFIX = ".tsv";

    private HistoryReader() {}

    /** The history of the run written to {@code folder}. */
    public static History read(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "not a run folder");
        }
        List<String> notes = new ArrayList<>();
        NemesisLines nemesis = NemesisLines.read(required(folder, NEMESIS_FILE), notes);
        StoreLines store = StoreLines.read(required(folder, STORE_FILE), notes);
        List<Call> calls = new ArrayList<>();
        Set<String> withHistory = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, HISTORY_PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String jvm = name.substring(HISTORY_PREFIX.length(), name.length() - SUFFIX.length());
                if (nemesis.jvms().stream().noneMatch(listed -> listed.name().equals(jvm))) {
                    throw new HistoryFormatException(name, 0, "JVM " + jvm + " has no JVM line in " + NEMESIS_FILE);
                }
                calls.addAll(CallLines.read(file, jvm, notes));
                withHistory.add(jvm);
            }
        }
        for (Jvm jvm : nemesis.jvms()) {
            if (jvm.application() && !withHistory.contains(jvm.name())) {
                notes.add("application JVM " + jvm.name() + " wrote no " + HISTORY_PREFIX + jvm.name() + SUFFIX);
            }
        }
        return new History(
                nemesis.jvms(),
                calls,
                nemesis.faults(),
                nemesis.heals(),
                nemesis.end(),
                store.writes(),
                store.values(),
                notes);
    }

    /** The history file of {@code jvm} in a run folder. */
    public static Path historyFile(Path folder, String jvm) {
        return folder.resolve(HISTORY_PREFIX + jvm + SUFFIX);
    }

    private static Path required(Path folder, String name) throws IOException {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new HistoryFormatException(name, 0, "missing from " + folder + " (every run writes it)");
        }
        return file;
    }
}
