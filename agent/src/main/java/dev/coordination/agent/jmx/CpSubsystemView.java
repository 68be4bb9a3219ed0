package dev.coordination.agent.jmx;

import dev.coordination.agent.runtime.CpStatus;
import dev.coordination.agent.runtime.LockBackend;

/**
 * {@link CpSubsystemMXBean} over {@link LockBackend#cpStatus()}, read at each attribute read. Lives
 * in the agent jar's loader.
 */
final class CpSubsystemView implements CpSubsystemMXBean {

    private final LockBackend backend;

    CpSubsystemView(LockBackend backend) {
        this.backend = backend;
    }

    private CpStatus status() {
        CpStatus status = backend.cpStatus();
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
