package dev.coordination.agent.jmx;

import dev.coordination.agent.runtime.ConsensusGroup;
import dev.coordination.agent.runtime.CpStatus;

/**
 * {@link CpGroupMXBean} over the member's view of one CP group, read at each attribute read from
 * the member's own state. When the member has just left the group (the publisher unregisters the
 * MBean within seconds), a read fails with a message instead of showing a stale number. Lives in the
 * agent jar's loader.
 */
final class CpGroupView implements CpGroupMXBean {

    private final String name;
    private final CpSource source;

    CpGroupView(String name, CpSource source) {
        this.name = name;
        this.source = source;
    }

    private ConsensusGroup group() {
        for (ConsensusGroup group : source.consensusGroups()) {
            if (group.name().equals(name)) {
                return group;
            }
        }
        throw new IllegalStateException("this member is not in CP group " + name + " now");
    }

    @Override
    public String getGroup() {
        return name;
    }

    @Override
    public String getRole() {
        return group().localRole();
    }

    @Override
    public int getLocalLeader() {
        return group().localRole().equals("leader") ? 1 : 0;
    }

    @Override
    public int getLeaderKnown() {
        return group().leader().isEmpty() ? 0 : 1;
    }

    @Override
    public long getTerm() {
        return group().term();
    }

    @Override
    public long getCommitIndex() {
        return group().commitIndex();
    }

    @Override
    public long getSnapshotIndex() {
        return group().snapshotIndex();
    }

    @Override
    public long getLogEntries() {
        return group().logEntries();
    }

    @Override
    public long getSessions() {
        CpStatus status = source.cpStatus();
        Integer sessions = status == null ? null : status.sessionsByGroup().get(name);
        if (sessions == null) {
            throw new IllegalStateException("this member is not in CP group " + name + " now");
        }
        return sessions;
    }
}
