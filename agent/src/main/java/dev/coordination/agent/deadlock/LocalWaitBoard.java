package dev.coordination.agent.deadlock;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A board only this JVM reads: enough for a backend without a cluster (local mode), where every
 * thread of a cycle is a thread of this JVM.
 */
public final class LocalWaitBoard implements WaitBoard {

    private final ConcurrentMap<String, String> entries = new ConcurrentHashMap<>();

    @Override
    public void post(String memberId, String waits) {
        entries.put(memberId, waits);
    }

    @Override
    public void remove(String memberId) {
        entries.remove(memberId);
    }

    @Override
    public Collection<String> read() {
        return List.copyOf(entries.values());
    }
}
