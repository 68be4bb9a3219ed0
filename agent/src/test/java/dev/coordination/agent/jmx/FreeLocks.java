package dev.coordination.agent.jmx;

import dev.coordination.agent.runtime.ConsensusGroup;
import dev.coordination.agent.runtime.CpStatus;
import dev.coordination.agent.runtime.Deadline;
import dev.coordination.agent.runtime.Glob;
import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockStripes;
import dev.coordination.agent.runtime.StripeLock;
import java.util.List;

/**
 * A backend whose locks are free at once (nothing is ever lost) and whose CP subsystem is whatever
 * the test sets: the groups this member is in, the subsystem's health and the cluster mode.
 */
final class FreeLocks implements LockBackend {

    volatile List<ConsensusGroup> groups = List.of();
    volatile CpStatus status;
    volatile String clusterMode = "CP subsystem of 3";

    @Override
    public List<ConsensusGroup> consensusGroups() {
        return groups;
    }

    @Override
    public CpStatus cpStatus() {
        return status;
    }

    @Override
    public LockStripes stripes() {
        return new LockStripes(4096);
    }

    @Override
    public StripeLock lock(int stripe, long readyWaitNanos) {
        return new StripeLock() {
            @Override
            public String name() {
                return "stripe-" + stripe;
            }

            @Override
            public long acquire(Deadline deadline, long startNanos, long nameTag) {
                return 1;
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public void nameUsed(String fullName) {}

    @Override
    public int removeNames(String prefix, Glob glob) {
        return 0;
    }

    @Override
    public String memberId() {
        return "member-1";
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public String status() {
        return "running";
    }

    @Override
    public String refusal() {
        return null;
    }

    @Override
    public String clusterMode() {
        return clusterMode;
    }

    @Override
    public void start() {}

    @Override
    public void stop() {}
}
