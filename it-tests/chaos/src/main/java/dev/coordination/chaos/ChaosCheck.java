package dev.coordination.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Judges a run folder and writes {@code report.txt} and {@code timeline.svg} into it: what the runner
 * does at the end of every run, and what a person runs to judge a kept run again. As a command it
 * prints the report and exits 0 when the run kept every promise, 1 on violations, 2 when the folder
 * cannot be read:
 *
 * <pre>
 * java -cp coordination-chaos.jar dev.coordination.chaos.ChaosCheck RUN_FOLDER [--blocking-ms N] ...
 * </pre>
 */
public final class ChaosCheck {

    public static final String REPORT_FILE = "report.txt";
    public static final String TIMELINE_FILE = "timeline.svg";

    /** What a check found, and where it wrote the report and the picture. */
    public record Result(
            History history, List<Violation> violations, String report, Path reportFile, Path timelineFile) {

        public Result {
            violations = List.copyOf(violations);
        }

        public boolean passed() {
            return violations.isEmpty();
        }
    }

    private ChaosCheck() {}

    /** Checks {@code folder} with the default bounds and writes the report and the picture into it. */
    public static Result check(Path folder) throws IOException {
        return check(folder, Limits.DEFAULTS);
    }

    /** Checks {@code folder} with {@code limits} and writes the report and the picture into it. */
    public static Result check(Path folder, Limits limits) throws IOException {
        History history = HistoryReader.read(folder);
        List<Violation> violations = new HistoryChecker(limits).check(history);
        String title = folder.toAbsolutePath().normalize().getFileName().toString();
        String report = TextReport.render(title, history, violations, limits);
        Path reportFile = folder.resolve(REPORT_FILE);
        Path timelineFile = folder.resolve(TIMELINE_FILE);
        Files.writeString(reportFile, report, StandardCharsets.UTF_8);
        Files.writeString(timelineFile, TimelineSvg.render(title, history, violations), StandardCharsets.UTF_8);
        return new Result(history, violations, report, reportFile, timelineFile);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command: 0 when the run passed, 1 on violations, 2 when it could not be judged. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args.length % 2 == 0) {
            err.println("usage: ChaosCheck RUN_FOLDER [--timeout-slack-ms N] [--try-ms N] [--blocking-ms N]"
                    + " [--startup-ms N] [--recovery-ms N]");
            return 2;
        }
        Limits limits = Limits.DEFAULTS;
        for (int index = 1; index < args.length; index += 2) {
            long micros;
            try {
                micros = Long.parseLong(args[index + 1]) * 1000;
            } catch (NumberFormatException e) {
                err.println(args[index] + " needs a whole number of milliseconds, not '" + args[index + 1] + "'");
                return 2;
            }
            limits = switch (args[index]) {
                case "--timeout-slack-ms" ->
                    new Limits(
                            micros,
                            limits.tryMicros(),
                            limits.blockingMicros(),
                            limits.startupMicros(),
                            limits.recoveryMicros());
                case "--try-ms" ->
                    new Limits(
                            limits.timeoutSlackMicros(),
                            micros,
                            limits.blockingMicros(),
                            limits.startupMicros(),
                            limits.recoveryMicros());
                case "--blocking-ms" -> limits.withBlockingMicros(micros);
                case "--startup-ms" ->
                    new Limits(
                            limits.timeoutSlackMicros(),
                            limits.tryMicros(),
                            limits.blockingMicros(),
                            micros,
                            limits.recoveryMicros());
                case "--recovery-ms" -> limits.withRecoveryMicros(micros);
                default -> null;
            };
            if (limits == null) {
                err.println("unknown option " + args[index]);
                return 2;
            }
        }
        try {
            Result result = check(Path.of(args[0]), limits);
            out.print(result.report());
            out.println("written: " + result.reportFile() + ", " + result.timelineFile());
            return result.passed() ? 0 : 1;
        } catch (IOException e) {
            err.println("cannot judge " + args[0] + ": " + e.getMessage());
            return 2;
        }
    }
}
