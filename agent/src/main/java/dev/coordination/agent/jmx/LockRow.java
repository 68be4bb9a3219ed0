package dev.coordination.agent.jmx;

import dev.coordination.agent.runtime.LockStats;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One row of {@link LocksMXBean#getLocks()}: a locked method (or {@code Coordination.getLock}), its
 * templates and what its calls did. The MXBean machinery turns it into {@code CompositeData} with
 * one item per getter (item names: the getter's name without {@code get}, first letter lower case).
 * Times are milliseconds. Lives in the agent jar's loader.
 */
public final class LockRow {

    private final String method;
    private final List<String> templates;
    private final String loadError;
    private final long acquisitions;
    private final long failures;
    private final long templateErrors;
    private final long locksLost;
    private final long holders;
    private final long waitMillisTotal;
    private final long waitMillisMax;
    private final long holdMillisTotal;
    private final long holdMillisMax;

    LockRow(String method, List<String> templates, String loadError, LockStats stats) {
        this.method = method;
        this.templates = templates;
        this.loadError = loadError == null ? "" : loadError;
        this.acquisitions = stats.acquisitions();
        this.failures = stats.failures();
        this.templateErrors = stats.templateErrors();
        this.locksLost = stats.locksLost();
        this.holders = stats.holders();
        this.waitMillisTotal = millis(stats.waitNanosTotal());
        this.waitMillisMax = millis(stats.waitNanosMax());
        this.holdMillisTotal = millis(stats.holdNanosTotal());
        this.holdMillisMax = millis(stats.holdNanosMax());
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** {@code VolumeService#attach(Volume, Host)}, or {@code Coordination.getLock}. */
    public String getMethod() {
        return method;
    }

    /** The annotation's lock-name templates as written (empty for {@code Coordination.getLock}). */
    public List<String> getTemplates() {
        return templates;
    }

    /** Why every call of this method fails (found when its class loaded), or empty. */
    public String getLoadError() {
        return loadError;
    }

    /** Calls that got all their locks (for {@code Coordination.getLock}: successful lock()/tryLock()). */
    public long getAcquisitions() {
        return acquisitions;
    }

    /** Calls that did not get their locks: taken (blocking=false), timed out, interrupted, backend unreachable. */
    public long getFailures() {
        return failures;
    }

    /** Calls whose lock names could not be worked out (a template error, at load time or for this call). */
    public long getTemplateErrors() {
        return templateErrors;
    }

    /** Locks lost (or not released) when a call left its section. */
    public long getLocksLost() {
        return locksLost;
    }

    /** Calls inside the locked section now (a thread re-entering counts once per call). */
    public long getHolders() {
        return holders;
    }

    /** Time calls that got their locks spent waiting for them, summed. */
    public long getWaitMillisTotal() {
        return waitMillisTotal;
    }

    /** The longest such wait. */
    public long getWaitMillisMax() {
        return waitMillisMax;
    }

    /** Time calls spent inside their locked sections, summed (calls that have left only). */
    public long getHoldMillisTotal() {
        return holdMillisTotal;
    }

    /** The longest such hold. */
    public long getHoldMillisMax() {
        return holdMillisMax;
    }
}
