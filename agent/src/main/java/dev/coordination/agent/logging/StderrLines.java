package dev.coordination.agent.logging;

import java.io.PrintStream;

/**
 * The agent's own line format on standard error: {@code 2026-11-25T10:00:00.123Z INFO [main]
 * coordination LockRuntime - text}, then the stack trace if there is one. Used when the agent's lines
 * do not go to the application's SLF4J (docs/logging.md). Agent jar, system class loader.
 */
final class StderrLines {

    private StderrLines() {}

    static void print(LogLine line) {
        StringBuilder text = new StringBuilder(64 + line.message.length())
                .append(line.at)
                .append(' ')
                .append(AgentLogging.nameOf(line.level))
                .append(" [")
                .append(line.thread)
                .append("] coordination ")
                .append(line.logger.shortName)
                .append(" - ")
                .append(line.message);
        PrintStream err = System.err;
        synchronized (err) {
            err.println(text);
            if (line.thrown != null) {
                line.thrown.printStackTrace(err);
            }
        }
    }
}
