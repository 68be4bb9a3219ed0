package dev.coordination.agent.attach;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * How an agent attached to a running JVM tells the {@code attach} command what happened. The JDK's
 * attach API reports only "Agent JAR loaded but agent failed to initialize" when {@code agentmain}
 * throws, and the agent's own message goes to the target JVM's standard error, which the attacher
 * cannot see. So the command names a file in the agent arguments ({@code attach-report=}, URL-encoded
 * so commas and {@code =} in the path cannot split it), and {@code agentmain} writes its one line
 * there. The key is taken out before the arguments are read as settings. Plain JDK code, used on
 * both sides: in the target JVM by {@code LockAgent}, in the attaching JVM by {@link AttachCommand}.
 */
public final class AttachReport {

    static final String KEY = "attach-report=";
    static final String ATTACHED = "attached: ";
    static final String REFUSED = "refused: ";

    private final String settings;
    private final Path file;

    private AttachReport(String settings, Path file) {
        this.settings = settings;
        this.file = file;
    }

    /** The agent arguments that carry {@code settings} and name {@code file} for the report. */
    static String arguments(String settings, Path file) {
        String report = KEY + URLEncoder.encode(file.toString(), StandardCharsets.UTF_8);
        return settings.isEmpty() ? report : settings + "," + report;
    }

    /** Splits the report file off {@code agentmain}'s argument string (which may be {@code null}). */
    public static AttachReport of(String agentArguments) {
        if (agentArguments == null || !agentArguments.contains(KEY)) {
            return new AttachReport(agentArguments, null);
        }
        List<String> settings = new ArrayList<>();
        Path file = null;
        for (String piece : agentArguments.split(",", -1)) {
            if (piece.startsWith(KEY)) {
                file = Paths.get(URLDecoder.decode(piece.substring(KEY.length()), StandardCharsets.UTF_8));
            } else {
                settings.add(piece);
            }
        }
        return new AttachReport(String.join(",", settings), file);
    }

    /** The agent arguments without the report file: the settings, as for {@code -javaagent:}. */
    public String settings() {
        return settings;
    }

    /** The agent started: {@code line} says what it did. */
    public void attached(String line) {
        write(ATTACHED + line);
    }

    /** The agent did not start (or was already running): {@code line} says why. */
    public void refused(String line) {
        write(REFUSED + line);
    }

    /** Writes the outcome for the attacher; a report that cannot be written is not worth failing for. */
    private void write(String line) {
        if (file == null) {
            return;
        }
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException unwritable) {
            // The attacher falls back to "see the target JVM's standard error", where the line also went.
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException unreadable) {
            return "";
        }
    }
}
