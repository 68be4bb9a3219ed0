package dev.coordination.agent.logging;

import java.time.Instant;

/**
 * One line written while the agent waited for the application's logging: kept with its time and
 * thread, so that standard error, if it gets the line in the end, shows when and where it was
 * written. Agent jar, system class loader.
 */
final class LogLine {

    final AgentLogger logger;
    final int level;
    final String message;
    final Throwable thrown;
    final Instant at;
    final String thread;

    LogLine(AgentLogger logger, int level, String message, Throwable thrown, Instant at, String thread) {
        this.logger = logger;
        this.level = level;
        this.message = message;
        this.thrown = thrown;
        this.at = at;
        this.thread = thread;
    }

    static LogLine now(AgentLogger logger, int level, String message, Throwable thrown) {
        return new LogLine(
                logger,
                level,
                message,
                thrown,
                Instant.now(),
                Thread.currentThread().getName());
    }
}
