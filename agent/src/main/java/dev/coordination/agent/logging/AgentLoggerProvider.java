package dev.coordination.agent.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the agent's relocated SLF4J: found by its (relocated) service file, so the
 * application's SLF4J is never initialised by the agent. Its loggers ({@link AgentLogger}) write
 * where {@link LogRoute} sends them: standard error, or the application's own SLF4J once that is
 * ready (docs/logging.md). Agent jar, system class loader.
 */
public final class AgentLoggerProvider implements SLF4JServiceProvider, ILoggerFactory {

    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return this;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    @Override
    public Logger getLogger(String name) {
        return LogRoute.INSTANCE.logger(name);
    }
}
