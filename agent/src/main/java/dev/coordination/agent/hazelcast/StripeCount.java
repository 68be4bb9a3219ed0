package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicLong;
import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.runtime.BackendUnavailableException;
import dev.coordination.agent.runtime.LockTimings;

/**
 * Every JVM of a cluster must map names onto the same number of stripes: with two counts, one name
 * would stand for two different CP locks, and two JVMs could hold it at once. The first JVM to start
 * records its count in the cluster (a CP {@code IAtomicLong} per lock prefix); every JVM compares
 * its own with it before it serves a lock. Agent jar, system class loader.
 */
final class StripeCount {

    /** The CP name the count is recorded under, after the lock prefix. */
    static final String RECORD = "coordination-lock-stripes";

    private StripeCount() {}

    /**
     * Records this JVM's count, or compares it with the one recorded.
     *
     * @return {@code null} when the counts agree; otherwise why every lock of this JVM is refused
     * @throws BackendUnavailableException when the cluster does not answer within {@link
     *     LockTimings#UNANSWERED_NANOS}
     */
    static String check(HazelcastInstance instance, String prefix, int count) throws InterruptedException {
        String name = prefix + RECORD;
        long recorded = CpCalls.bounded(
                () -> {
                    IAtomicLong record = instance.getCPSubsystem().getAtomicLong(name);
                    return record.compareAndSet(0, count) ? count : record.get();
                },
                LockTimings.UNANSWERED_NANOS,
                "read the cluster's stripe count (CP IAtomicLong \"" + name + "\")");
        if (recorded == count) {
            return null;
        }
        return AgentConfig.PREFIX + AgentConfig.LOCK_STRIPES + "=" + count + " in this JVM, but the cluster's JVMs"
                + " use " + recorded + " (recorded in CP IAtomicLong \"" + name + "\"): with two counts two JVMs"
                + " could hold one name at once, so every lock of this JVM is refused. Set "
                + AgentConfig.PREFIX + AgentConfig.LOCK_STRIPES + "=" + recorded + " here, or restart every JVM of"
                + " the cluster with the new count";
    }
}
