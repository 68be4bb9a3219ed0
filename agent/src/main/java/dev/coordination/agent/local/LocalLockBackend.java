package dev.coordination.agent.local;

import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.runtime.BackendUnavailableException;
import dev.coordination.agent.runtime.Glob;
import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockStripes;
import dev.coordination.agent.runtime.StripeLock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code coordination.mode=local}: every lock lives in this JVM's memory, and nothing is started,
 * so the first locked call is served at once. The semantics inside the JVM are the cluster's
 * (stripes, reentrancy per thread, deadlines, {@code blocking = false}, interrupts, fences that only
 * grow); other JVMs are not excluded, which the start-up WARN says. A hold is never lost: there is
 * no session to end. For tests of locked methods and for programs that run as one JVM.
 */
public final class LocalLockBackend implements LockBackend {

    static final String STOPPED =
            "coordination is stopped (Coordination.stop() was called);" + " call Coordination.start() to lock again";

    private final AgentConfig settings;
    private final LockStripes stripes;
    private final AtomicReferenceArray<LocalLock> locks;
    /**
     * Fences of every lock of this JVM come from one counter, so they grow across names too. It starts
     * at the wall-clock time in nanoseconds: no grant takes less than a nanosecond, so the count stays
     * behind the clock, and the fences of the JVM started next are larger than this one's while the
     * clock does not run back by more than the restart took.
     */
    private final AtomicLong fences = new AtomicLong(ChronoUnit.NANOS.between(Instant.EPOCH, Instant.now()));
    /** Names taken, for {@code synchronizedRemove}; a test's names, so no bound is kept. */
    private final Set<String> names = ConcurrentHashMap.newKeySet();

    private volatile boolean stopped;

    public LocalLockBackend(AgentConfig settings) {
        this.settings = settings;
        this.stripes = new LockStripes(settings.lockStripes());
        this.locks = new AtomicReferenceArray<>(stripes.count());
    }

    @Override
    public LockStripes stripes() {
        return stripes;
    }

    @Override
    public StripeLock lock(int stripe, long readyWaitNanos) {
        if (stopped) {
            throw new BackendUnavailableException(STOPPED, null);
        }
        LocalLock lock = locks.get(stripe);
        if (lock == null) {
            locks.compareAndSet(
                    stripe, null, new LocalLock("local-stripe-" + stripe + "-of-" + stripes.count(), fences));
            lock = locks.get(stripe);
        }
        return lock;
    }

    @Override
    public void nameUsed(String fullName) {
        names.add(fullName);
    }

    @Override
    public int removeNames(String prefix, Glob glob) {
        int removed = 0;
        for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
            String fullName = it.next();
            if (!fullName.startsWith(prefix)) {
                continue;
            }
            String name = fullName.substring(prefix.length());
            if (!glob.matches(name)) {
                continue;
            }
            LocalLock lock = locks.get(stripes.of(name));
            if (lock != null && lock.isLocked()) {
                continue; // it may be the held name; a later call frees it
            }
            it.remove();
            removed++;
        }
        return removed;
    }

    @Override
    public String memberId() {
        return settings.memberId();
    }

    @Override
    public boolean isReady() {
        return !stopped;
    }

    @Override
    public String status() {
        return stopped ? "stopped" : "running (local mode: locks held in this JVM only)";
    }

    @Override
    public String refusal() {
        return stopped ? STOPPED : null;
    }

    @Override
    public String clusterMode() {
        return "local mode: locks held in this JVM only, other JVMs are not excluded";
    }

    @Override
    public void start() {
        stopped = false;
    }

    @Override
    public void stop() {
        stopped = true;
    }
}
