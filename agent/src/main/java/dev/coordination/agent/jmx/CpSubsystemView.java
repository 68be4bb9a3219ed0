package dev.coordination.agent.jmx;

import dev.coordination.agent.runtime.CpStatus;

/**
 * {@link CpSubsystemMXBean} over {@link CpSource#cpStatus()}, read at each attribute read. Lives
 * in the agent jar's loader.
 */
final class CpSubsystemView implements CpSubsystemMXBean {

    private final CpSource source;

    CpSubsystemView(CpSource source) {
        this.source = source;
    }

    private CpStatus status() {
        CpStatus status = source.cpStatus();
        if (status == null) {
            throw new IllegalStateException("this JVM takes part in no CP subsystem now");
        }
        return status;
    }

    @Override
    public int getCpMembers() {
        return status().cpMembers();
    }

    @Override
    public int getMissingCpMembers() {
        return status().missingCpMembers();
    }
}
