package dev.coordination.bench.latency;

import dev.coordination.Synchronized;

/**
 * The agent's side of the latency benchmarks: an empty section under {@code @Synchronized}, so a
 * call is one lock+unlock through the agent. Woven by the agent in the JVMs that run it with
 * {@code -javaagent}; system class loader.
 */
public final class LockedSections {

    @Synchronized("{name}")
    public void empty(String name) {}
}
