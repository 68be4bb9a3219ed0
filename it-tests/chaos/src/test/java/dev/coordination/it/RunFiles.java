package dev.coordination.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A run folder read back, just enough for {@link QuickChecks}: the calls of every history file and
 * the lines of {@code nemesis.tsv}. The full model and its reader belong to the checker.
 */
final class RunFiles {

    record Call(
            String jvm,
            String thread,
            long seq,
            String parent,
            String shape,
            long timeoutMillis,
            List<String> names,
            List<Long> fences,
            long start,
            long acquired,
            long bodyEnd,
            long end,
            String outcome,
            String store) {

        boolean ran() {
            return acquired >= 0;
        }

        /** From the start to the lock (or to the failure, when the body did not run). */
        long waitMicros() {
            return (ran() ? acquired : end) - start;
        }

        String id() {
            return jvm + "#" + seq;
        }
    }

    record Fault(String kind, List<String> targets, long start, long end, String detail) {}

    final List<Call> calls = new ArrayList<>();
    final List<Fault> faults = new ArrayList<>();
    final List<String> gone = new ArrayList<>();
    long heal = -1;

    static RunFiles read(Path dir) throws IOException {
        RunFiles files = new RunFiles();
        try (Stream<Path> histories = Files.list(dir)) {
            for (Path file : histories
                    .filter(path -> path.getFileName().toString().startsWith("history-"))
                    .toList()) {
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.split("\t");
                    if (f.length == 15 && f[0].equals("CALL")) {
                        files.calls.add(new Call(
                                f[1],
                                f[2],
                                Long.parseLong(f[3]),
                                f[4],
                                f[5],
                                number(f[6]),
                                List.of(f[7].split(",")),
                                f[8].equals("-")
                                        ? List.of()
                                        : Stream.of(f[8].split(","))
                                                .map(Long::parseLong)
                                                .toList(),
                                Long.parseLong(f[9]),
                                number(f[10]),
                                number(f[11]),
                                Long.parseLong(f[12]),
                                f[13],
                                f[14]));
                    }
                }
            }
        }
        for (String line : Files.readAllLines(dir.resolve("nemesis.tsv"))) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "FAULT" ->
                    files.faults.add(new Fault(
                            f[2], List.of(f[3].split(",")), Long.parseLong(f[4]), Long.parseLong(f[5]), f[7]));
                case "GONE" -> files.gone.add(f[1]);
                case "HEAL" -> files.heal = Long.parseLong(f[1]);
                default -> {}
            }
        }
        return files;
    }

    private static long number(String field) {
        return field.equals("-") ? -1 : Long.parseLong(field);
    }
}
