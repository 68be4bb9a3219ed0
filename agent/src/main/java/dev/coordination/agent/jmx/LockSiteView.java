package dev.coordination.agent.jmx;

import dev.coordination.agent.runtime.LockStats;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * {@link LockSiteMXBean} over the live counters of every site with this template and method label
 * (usually one; a class loaded by two class loaders has two), summed at each read (maxima: the
 * largest), so the call path does nothing for it. Lives in the agent jar's loader.
 */
final class LockSiteView implements LockSiteMXBean {

    private final String template;
    private final String method;
    private volatile List<LockStats> stats;

    LockSiteView(String template, String method, List<LockStats> stats) {
        this.template = template;
        this.method = method;
        this.stats = List.copyOf(stats);
    }

    /** The sites now behind this MBean (a site replaced after a failed instrumentation drops out). */
    void use(List<LockStats> current) {
        this.stats = List.copyOf(current);
    }

    private long sum(ToLongFunction<LockStats> figure) {
        long sum = 0;
        for (LockStats one : stats) {
            sum += figure.applyAsLong(one);
        }
        return sum;
    }

    private long max(ToLongFunction<LockStats> figure) {
        long max = 0;
        for (LockStats one : stats) {
            max = Math.max(max, figure.applyAsLong(one));
        }
        return max;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Override
    public String getTemplate() {
        return template;
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public long getAcquisitions() {
        return sum(LockStats::acquisitions);
    }

    @Override
    public long getFailures() {
        return sum(LockStats::failures);
    }

    @Override
    public long getDeadlocks() {
        return sum(LockStats::deadlocks);
    }

    @Override
    public long getTemplateErrors() {
        return sum(LockStats::templateErrors);
    }

    @Override
    public long getLocksLost() {
        return sum(LockStats::locksLost);
    }

    @Override
    public long getHolders() {
        return sum(LockStats::holders);
    }

    @Override
    public long getReleases() {
        return sum(LockStats::releases);
    }

    @Override
    public long getWaitMillisTotal() {
        return millis(sum(LockStats::waitNanosTotal));
    }

    @Override
    public long getWaitMillisMax() {
        return millis(max(LockStats::waitNanosMax));
    }

    @Override
    public long getHoldMillisTotal() {
        return millis(sum(LockStats::holdNanosTotal));
    }

    @Override
    public long getHoldMillisMax() {
        return millis(max(LockStats::holdNanosMax));
    }
}
