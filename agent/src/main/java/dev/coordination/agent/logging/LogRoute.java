package dev.coordination.agent.logging;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where the agent's lines go: standard error ({@link State#STDERR}, the agent's own format), the
 * buffer while the agent waits for the application's SLF4J ({@link State#WAITING}), or that SLF4J
 * ({@link State#APPLICATION}). The hand-off replays the buffer in order before any later line goes
 * through; so does the fall-back to standard error. Keeps every logger's one cached level current,
 * so a disabled line costs one volatile read. Agent jar, system class loader.
 */
final class LogRoute {

    enum State {
        STDERR,
        WAITING,
        APPLICATION
    }

    /** Lines kept while waiting; beyond them the oldest go to standard error (docs/logging.md). */
    static final int BUFFER_LINES = 2_000;

    static final LogRoute INSTANCE = new LogRoute(BUFFER_LINES, StderrLines::print);

    private final ConcurrentMap<String, AgentLogger> loggers = new ConcurrentHashMap<>();
    private final LineBuffer buffer;
    private final Consumer<LogLine> stderr;
    private final CountDownLatch settled = new CountDownLatch(1);
    private volatile State state = State.STDERR;
    /** Set under the lock before {@link #state} becomes {@link State#APPLICATION}. */
    private volatile ApplicationSlf4j application;

    LogRoute(int bufferLines, Consumer<LogLine> stderr) {
        this.buffer = new LineBuffer(bufferLines);
        this.stderr = stderr;
    }

    AgentLogger logger(String name) {
        AgentLogger existing = loggers.get(name);
        if (existing != null) {
            return existing;
        }
        synchronized (this) {
            return loggers.computeIfAbsent(name, absent -> {
                AgentLogger logger = new AgentLogger(absent, this);
                if (state == State.APPLICATION) {
                    logger.target = application.logger(logger.routedName);
                }
                logger.threshold = thresholdOf(logger, state);
                return logger;
            });
        }
    }

    State state() {
        return state;
    }

    /** From standard error to waiting: lines are kept until {@link #handOff} or {@link #fallBack}. */
    synchronized void await() {
        if (state == State.STDERR && settled.getCount() > 0) {
            state = State.WAITING;
            refresh();
        }
    }

    /** Waits up to {@code nanos} for the hand-off or the fall-back; whether it came. */
    boolean awaitSettled(long nanos) throws InterruptedException {
        return settled.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** Reads every logger's level again (from the settings, or from the application's logging). */
    void refresh() {
        State now = state;
        for (AgentLogger logger : loggers.values()) {
            logger.threshold = thresholdOf(logger, now);
        }
    }

    void write(AgentLogger logger, int level, String message, Throwable thrown) {
        State now = state;
        if (now == State.APPLICATION) {
            toApplication(logger, level, message, thrown);
            return;
        }
        LogLine line = LogLine.now(logger, level, message, thrown);
        if (now == State.WAITING) {
            synchronized (this) {
                if (state == State.WAITING) {
                    LogLine oldest = buffer.add(line);
                    if (oldest != null && oldest.level >= stderrThreshold(oldest.logger)) {
                        stderr.accept(oldest);
                    }
                    return;
                }
            }
            if (state == State.APPLICATION) {
                if (level >= logger.threshold) {
                    toApplication(logger, level, message, thrown);
                }
                return;
            }
            if (level < logger.threshold) {
                return;
            }
        }
        stderr.accept(line);
    }

    /**
     * Sends every later line to {@code app}, after the kept ones (those its levels let through), in
     * the order they were written. Does nothing unless waiting.
     */
    boolean handOff(ApplicationSlf4j app) {
        AgentLogger notice = logger(LogRoute.class.getName());
        synchronized (this) {
            if (state != State.WAITING) {
                return false;
            }
            application = app;
            for (AgentLogger logger : loggers.values()) {
                logger.target = app.logger(logger.routedName);
                logger.threshold = thresholdOf(logger, State.APPLICATION);
            }
            long pushedOut = buffer.pushedOut();
            if (pushedOut > 0 && notice.threshold <= AgentLogging.WARN) {
                toApplication(
                        notice,
                        AgentLogging.WARN,
                        pushedOut + " lines of the agent, written before the application's logging was ready,"
                                + " did not fit the buffer of " + buffer.capacity() + " lines: they went to"
                                + " standard error (those at coordination.log-level or above)",
                        null);
            }
            for (LogLine line : buffer.drain()) {
                if (line.level >= line.logger.threshold) {
                    toApplication(line.logger, line.level, line.message, line.thrown);
                }
            }
            state = State.APPLICATION;
        }
        settled.countDown();
        return true;
    }

    /**
     * Sends the kept lines, and every later one, to standard error, saying {@code why} first (if
     * not {@code null}). Does nothing unless waiting.
     */
    boolean fallBack(String why) {
        AgentLogger notice = logger(LogRoute.class.getName());
        synchronized (this) {
            if (state != State.WAITING) {
                return false;
            }
            for (AgentLogger logger : loggers.values()) {
                logger.threshold = thresholdOf(logger, State.STDERR);
            }
            if (why != null && notice.threshold <= AgentLogging.INFO) {
                stderr.accept(LogLine.now(notice, AgentLogging.INFO, why, null));
            }
            List<LogLine> kept = buffer.drain();
            for (LogLine line : kept) {
                if (line.level >= line.logger.threshold) {
                    stderr.accept(line);
                }
            }
            state = State.STDERR;
        }
        settled.countDown();
        return true;
    }

    private void toApplication(AgentLogger logger, int level, String message, Throwable thrown) {
        try {
            application.write(logger.target, level, message, thrown);
        } catch (RuntimeException e) {
            // The application's logging failed: this line goes to standard error, with the reason.
            stderr.accept(
                    LogLine.now(logger, level, message + " (the application's logging failed: " + e + ")", thrown));
        }
    }

    private int thresholdOf(AgentLogger logger, State in) {
        return Thresholds.of(logger, in, application);
    }

    private static int stderrThreshold(AgentLogger logger) {
        return Thresholds.of(logger, State.STDERR, null);
    }
}
