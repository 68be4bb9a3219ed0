package dev.coordination.agent.health;

/**
 * Looks at the member once. Called only by {@link HealthWatch}'s own thread, never by an HTTP
 * handler; an implementation bounds every call into the cluster (a few seconds at most). Agent
 * jar, system class loader.
 */
public interface MemberProbe {

    MemberFacts look() throws InterruptedException;
}
