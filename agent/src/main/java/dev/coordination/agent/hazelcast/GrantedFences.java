package dev.coordination.agent.hazelcast;

import com.hazelcast.cp.lock.FencedLock;

/**
 * The largest fence Hazelcast returned to this JVM for one lock, in the CP group it has now. The
 * group gives a new owner the commit index of its acquire, so a grant to an endpoint (CP session,
 * lane) that held nothing before carries a larger fence than every grant before it. A grant whose
 * fence is not larger is a reentrant one: the group still counted a hold under that lane that this
 * JVM had freed or never knew of, and the grant must not be handed out ({@link HazelcastLock}).
 * Fences of another CP group or cluster (a lookup again, a whole-cluster restart) start again from
 * small values, so the record starts again with them. Agent jar, system class loader.
 */
final class GrantedFences {

    private FencedLock lock;
    private long cluster;
    private long largest;

    /** Notes a fence the group returned for a grant of {@code lock}, in {@code cluster} ({@link FenceBase#cluster}). */
    synchronized void record(FencedLock lock, long cluster, long fence) {
        if (this.lock != lock || this.cluster != cluster) {
            this.lock = lock;
            this.cluster = cluster;
            largest = fence;
        } else if (fence > largest) {
            largest = fence;
        }
    }

    /**
     * Whether {@code fence}, granted to an endpoint that held nothing of {@code lock}, is larger than
     * every fence returned before; records it when it is.
     */
    synchronized boolean recordNew(FencedLock lock, long cluster, long fence) {
        if (this.lock == lock && this.cluster == cluster && fence <= largest) {
            return false;
        }
        record(lock, cluster, fence);
        return true;
    }
}
