package dev.coordination.agent.jmx;

/**
 * The figures of one locked method (or of {@code Coordination.getLock}) as plain numbers, one MBean
 * per method, named {@code dev.coordination:type=LockSite,template="...",method="..."}, so that
 * scrapers that read numeric attributes only (the Prometheus JMX exporter, the OpenTelemetry Java
 * agent's JMX rules, Micrometer) turn each attribute into one series labelled with the template.
 * Counters only grow; times are milliseconds. Lives in the agent jar's loader.
 */
public interface LockSiteMXBean {

    /** The annotation's templates as written, joined with {@code ", "}; {@code Coordination.getLock} for the facade. */
    String getTemplate();

    /** {@code VolumeService#attach(Volume, Host)}, or {@code Coordination.getLock}. */
    String getMethod();

    /** Calls that got all their locks (each one waited once: the count of waits). */
    long getAcquisitions();

    /** Calls that did not get their locks: taken (blocking=false), timed out, interrupted, backend unreachable. */
    long getFailures();

    /** Calls failed to break a deadlock ({@code LockDeadlockException}); also counted in {@link #getFailures}. */
    long getDeadlocks();

    /** Calls whose lock names could not be worked out (a template error, at load time or for this call). */
    long getTemplateErrors();

    /** Locks lost (or not released) when a call left its section: each one may have broken exclusion. */
    long getLocksLost();

    /** Calls inside the locked section now. */
    long getHolders();

    /** Calls that left their locked section (the count of holds). */
    long getReleases();

    /** Time calls that got their locks spent waiting for them, summed. */
    long getWaitMillisTotal();

    /** The longest such wait. */
    long getWaitMillisMax();

    /** Time calls spent inside their locked sections, summed (calls that have left only). */
    long getHoldMillisTotal();

    /** The longest such hold. */
    long getHoldMillisMax();
}
