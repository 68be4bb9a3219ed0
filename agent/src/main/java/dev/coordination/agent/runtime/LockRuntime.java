package dev.coordination.agent.runtime;

import dev.coordination.agent.bootstrap.LockDispatcher;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher behind the bootstrap bridge: what every {@code @Synchronized} call and every
 * {@code Coordination} call ends up in. Turns backend and template failures into the application's
 * exceptions, and never lets a body run without all of its locks.
 */
public final class LockRuntime implements LockDispatcher {

    private static final Logger log = LoggerFactory.getLogger(LockRuntime.class);

    private final LockSites sites;
    private final LockBackend backend;
    private final ThreadLocks locks;
    /** Release failures in this JVM so far: each one a section that may not have been exclusive. */
    private final AtomicLong releaseFailures = new AtomicLong();
    /** The {@code Coordination.getLock} row of the JMX view. */
    private final LockStats facadeStats = new LockStats();
    /** Looks for deadlocks once started ({@link #watchDeadlocks}), else {@code null}. */
    private volatile DeadlockWatch deadlockWatch;
    /** Calls of this JVM failed to break a deadlock. */
    private final AtomicLong deadlocks = new AtomicLong();

    public LockRuntime(LockSites sites, LockBackend backend, String prefix) {
        this(sites, backend, prefix, LockTimings.OUT_OF_ORDER_WAIT_NANOS);
    }

    LockRuntime(LockSites sites, LockBackend backend, String prefix, long outOfOrderWaitNanos) {
        this.sites = sites;
        this.backend = backend;
        this.locks = new ThreadLocks(backend, prefix, outOfOrderWaitNanos);
    }

    @Override
    public boolean isActive() {
        return true;
    }

    @Override
    public Object enter(int siteId, Object self, Object[] args) {
        LockSite site = site(siteId);
        if (site.loadError() != null) {
            site.stats().templateError();
            throw site.exceptions().template(site.loadError(), null);
        }
        // One name (most sites) is rendered and held without any array.
        String single = null;
        String[] names = null;
        try {
            if (site.singleName()) {
                single = site.renderSingle(self, args);
            } else {
                names = site.render(self, args, locks.stripes());
            }
        } catch (RuntimeException e) {
            site.stats().templateError();
            throw e;
        }
        String refused = backend.refusal();
        if (refused != null) {
            String fullName = locks.fullName(names == null ? single : names[0]);
            site.stats().failed();
            throw site.exceptions()
                    .acquireFailed(
                            "lock \"" + fullName + "\" for " + site.label() + " could not be acquired: " + refused
                                    + "; the method did not run",
                            fullName,
                            null);
        }
        long start = System.nanoTime();
        Deadline deadline = site.deadline(start);
        int count = names == null ? 1 : names.length;
        HeldLocks held = new HeldLocks(site, count);
        for (int i = 0; i < count; i++) {
            String name = names == null ? single : names[i];
            String fullName = locks.fullName(name);
            Hold hold;
            try {
                hold = locks.acquire(
                        fullName, locks.stripes().of(name), LockStripes.tag(name), deadline, site.label(), start);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw releaseAfterFailure(
                        held,
                        deadline,
                        start,
                        site.exceptions()
                                .acquireFailed(
                                        "the thread was interrupted"
                                                + " while waiting for lock \"" + fullName + "\" for " + site.label()
                                                + "; the method did not run",
                                        fullName,
                                        e));
            } catch (DeadlockVictimException e) {
                deadlocks.incrementAndGet();
                site.stats().deadlock();
                throw releaseAfterFailure(
                        held,
                        deadline,
                        start,
                        site.exceptions()
                                .deadlock(
                                        deadlockMessage(
                                                fullName,
                                                site.label(),
                                                "the method did not run, and locks its callers hold stay held",
                                                e),
                                        fullName));
            } catch (RuntimeException e) {
                throw releaseAfterFailure(
                        held,
                        deadline,
                        start,
                        site.exceptions()
                                .acquireFailed(
                                        "lock \"" + fullName
                                                + "\" for " + site.label() + " could not be acquired: " + e.getMessage()
                                                + "; the method did not run",
                                        fullName,
                                        e));
            }
            if (hold == null) {
                String why = site.blocking()
                        ? "was not acquired within the timeout (" + site.timeoutText() + ")"
                        : "is held elsewhere and the method does not wait (blocking=false)";
                throw releaseAfterFailure(
                        held,
                        deadline,
                        start,
                        site.exceptions()
                                .acquireFailed(
                                        "lock \"" + fullName + "\" for " + site.label() + " " + why
                                                + locks.lastRefusal() + "; the method did not run",
                                        fullName,
                                        null));
            }
            held.add(hold);
        }
        held.acquiredNanos = acquiredAt(held.get(count - 1));
        site.stats().acquired(held.acquiredNanos - start);
        return held;
    }

    /**
     * When the call had its locks: a hold just taken (the last of the call's) read the clock at
     * that moment already, so only a reentrant one needs a new reading: a {@code System.nanoTime()}
     * is a sizeable part of the agent's own share of a call ({@code DispatchBenchmark}).
     */
    private static long acquiredAt(Hold last) {
        return last.count == 1 ? last.acquiredNanos : System.nanoTime();
    }

    /**
     * Gives back what a call that failed to get all of its locks had taken, within the call's own
     * bound ({@link Deadline#failedReleaseNanos}): a release the backend has not confirmed by then goes
     * on in the background, and the failure is thrown in time.
     */
    private RuntimeException releaseAfterFailure(
            HeldLocks held, Deadline deadline, long start, RuntimeException failure) {
        held.site.stats().failed();
        for (int i = held.size - 1; i >= 0; i--) {
            try {
                locks.releaseWithin(
                        held.get(i), held.site.label(), deadline.failedReleaseNanos(start, System.nanoTime()));
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }

    @Override
    public RuntimeException refusal(int siteId) {
        LockSite site = site(siteId);
        site.stats().templateError();
        return site.exceptions().template(site.loadError(), null);
    }

    private LockSite site(int siteId) {
        LockSite site = sites.get(siteId);
        if (site == null) {
            throw new IllegalStateException("coordination: no lock site #" + siteId
                    + " (an instrumented class outlived its agent?); the call was refused");
        }
        return site;
    }

    @Override
    public void exit(Object handle, Throwable thrown) {
        HeldLocks held = (HeldLocks) handle;
        held.site.stats().released(System.nanoTime() - held.acquiredNanos);
        RuntimeException lost = null;
        for (int i = held.size - 1; i >= 0; i--) {
            Hold hold = held.get(i);
            try {
                locks.release(hold, held.site.label());
            } catch (RuntimeException e) {
                held.site.stats().lockLost();
                RuntimeException report = lostOnRelease(held.site.exceptions(), hold.fullName, held.site.label(), e);
                if (lost == null) {
                    lost = report;
                } else {
                    lost.addSuppressed(report);
                }
            }
        }
        if (lost != null) {
            if (thrown != null) {
                thrown.addSuppressed(lost);
            } else {
                throw lost;
            }
        }
    }

    private RuntimeException lostOnRelease(
            ApiExceptions exceptions, String fullName, String by, RuntimeException failure) {
        String what = failure instanceof BackendLockLostException
                ? "was lost while \"" + by + "\" ran (its session ended), so the section may not have"
                        + " been exclusive"
                : "could not be released (" + failure.getMessage() + "); it is freed once the cluster"
                        + " takes the unlock, or when this JVM's session ends, and the section may not have"
                        + " been exclusive";
        log.error(
                "Lock \"{}\" held by \"{}\" {} (release failures in this JVM: {})",
                fullName,
                by,
                what,
                releaseFailures.incrementAndGet(),
                failure);
        return exceptions.lost("lock \"" + fullName + "\" " + what, fullName, failure);
    }

    @Override
    public String memberId() {
        return backend.memberId();
    }

    @Override
    public Object getLock(String name, Class<?> api) {
        ClassLoader loader = api == null ? null : api.getClassLoader();
        String problem = LockNames.problem(name);
        if (problem != null) {
            facadeStats.templateError();
            throw ApiExceptions.forLoader(loader)
                    .template(
                            "lock name \"" + LockSite.abbreviate(name) + "\" given to" + " Coordination.getLock "
                                    + problem,
                            null);
        }
        return new FacadeLock(name, locks.fullName(name), locks.stripes().of(name), loader);
    }

    @Override
    public long lock(Object handle) {
        FacadeLock lock = (FacadeLock) handle;
        Hold hold = acquire(lock, Deadline.forever(), System.nanoTime());
        if (hold == null) {
            // A wait without a deadline ends with the lock or an exception; fail closed all the same.
            throw lock.exceptions()
                    .acquireFailed(
                            "lock \"" + lock.fullName + "\" could not be acquired: the backend ended a wait without"
                                    + " a deadline without granting it",
                            lock.fullName,
                            null);
        }
        return hold.fence;
    }

    @Override
    public boolean tryLock(Object handle, long timeoutNanos) {
        FacadeLock lock = (FacadeLock) handle;
        long start = System.nanoTime();
        Deadline deadline = timeoutNanos < 0 ? Deadline.noWait() : Deadline.after(timeoutNanos, start);
        return acquire(lock, deadline, start) != null;
    }

    private Hold acquire(FacadeLock lock, Deadline deadline, long start) {
        String refused = backend.refusal();
        if (refused != null) {
            facadeStats.failed();
            throw lock.exceptions()
                    .acquireFailed(
                            "lock \"" + lock.fullName + "\" could not be acquired: " + refused, lock.fullName, null);
        }
        try {
            Hold hold = locks.acquire(lock.fullName, lock.stripe, lock.tag, deadline, FacadeLock.BY, start);
            if (hold == null) {
                facadeStats.failed();
            } else {
                facadeStats.acquired(acquiredAt(hold) - start);
            }
            return hold;
        } catch (InterruptedException e) {
            facadeStats.failed();
            Thread.currentThread().interrupt();
            throw lock.exceptions()
                    .acquireFailed(
                            "the thread was interrupted while waiting for lock \"" + lock.fullName + "\"",
                            lock.fullName,
                            e);
        } catch (DeadlockVictimException e) {
            deadlocks.incrementAndGet();
            facadeStats.deadlock();
            throw lock.exceptions()
                    .deadlock(
                            deadlockMessage(lock.fullName, FacadeLock.BY, "locks this thread holds stay held", e),
                            lock.fullName);
        } catch (RuntimeException e) {
            facadeStats.failed();
            throw lock.exceptions()
                    .acquireFailed(
                            "lock \"" + lock.fullName + "\" could not be acquired: " + e.getMessage(),
                            lock.fullName,
                            e);
        }
    }

    private static String deadlockMessage(String fullName, String by, String what, DeadlockVictimException e) {
        return "lock \"" + fullName + "\" for " + by + " was not acquired, to break a deadlock; " + what + ". "
                + e.getMessage();
    }

    /**
     * Starts looking for deadlocks: a wait longer than {@code thresholdMillis} is posted to the
     * backend's {@link LockBackend#waitBoard() board} and checked for cycles with every JVM's waits.
     * Does nothing when started already.
     */
    public synchronized void watchDeadlocks(long thresholdMillis) {
        if (deadlockWatch == null) {
            deadlockWatch = new DeadlockWatch(locks, backend, thresholdMillis);
        }
    }

    /** Deadlocks broken by failing a call of this JVM (counted before the call throws). */
    public long deadlocksBroken() {
        return deadlocks.get();
    }

    @Override
    public void unlock(Object handle) {
        FacadeLock lock = (FacadeLock) handle;
        Hold hold = locks.held(lock.fullName);
        if (hold == null) {
            throw new IllegalMonitorStateException("lock \"" + lock.fullName + "\" is not held by the current thread");
        }
        try {
            locks.release(hold, FacadeLock.BY);
        } catch (RuntimeException e) {
            facadeStats.lockLost();
            throw lostOnRelease(lock.exceptions(), lock.fullName, FacadeLock.BY, e);
        } finally {
            // Each unlock() ends one lock()/tryLock(); the one that frees the lock records how long it was held.
            facadeStats.released(hold.count == 0 ? System.nanoTime() - hold.acquiredNanos : 0);
        }
    }

    @Override
    public boolean isHeldByCurrentThread(Object handle) {
        return locks.held(((FacadeLock) handle).fullName) != null;
    }

    @Override
    public long fence(String name) {
        Hold hold = locks.held(locks.fullName(name));
        if (hold == null) {
            throw new IllegalStateException("lock \"" + locks.fullName(name) + "\" is not held by the"
                    + " current thread, so it has no fence here; call fence() inside the locked section");
        }
        return hold.fence;
    }

    @Override
    public int synchronizedRemove(String glob) {
        if (glob == null) {
            throw new IllegalArgumentException("Coordination.synchronizedRemove(null): give a glob such as"
                    + " \"volume-1234-*\"; nothing was removed");
        }
        try {
            int removed = backend.removeNames(locks.prefix(), Glob.compile(glob));
            log.info("synchronizedRemove(\"{}\") freed {} lock name(s)", glob, removed);
            return removed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Coordination.synchronizedRemove(\"" + glob + "\") was interrupted;"
                            + " some matching names may be left, call it again",
                    e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Coordination.synchronizedRemove(\"" + glob + "\") could not" + " reach the lock cluster: "
                            + e.getMessage() + "; call it again later",
                    e);
        }
    }

    /** Release failures in this JVM so far (locks lost): the ERROR lines counted. */
    public long releaseFailures() {
        return releaseFailures.get();
    }

    /**
     * The names this JVM holds now that match {@code glob} (names without the lock prefix), with the
     * thread, method and time of each hold and how many of this JVM's threads wait for it; then the
     * names its threads wait for that it does not hold. Walks every thread's holds: for operators,
     * never on the lock path.
     */
    public List<HeldName> holds(Glob glob) {
        return locks.registry().snapshot(locks.prefix(), glob, backend.memberId());
    }

    /** What {@code Coordination.getLock} locks did so far. */
    public LockStats facadeStats() {
        return facadeStats;
    }

    @Override
    public void start() {
        backend.start();
    }

    @Override
    public void stop() {
        backend.stop();
    }

    /**
     * A {@code Coordination.getLock} handle: the name, its stripe, and the class loader whose
     * exceptions its caller can see. The exceptions are looked up on failure only: the cache behind
     * them is shared by every thread, and {@code getLock} is called for every section.
     */
    private static final class FacadeLock {
        static final String BY = "Coordination.getLock";
        final String name;
        final String fullName;
        final int stripe;
        final long tag;
        private final ClassLoader loader;

        FacadeLock(String name, String fullName, int stripe, ClassLoader loader) {
            this.name = name;
            this.fullName = fullName;
            this.stripe = stripe;
            this.tag = LockStripes.tag(name);
            this.loader = loader;
        }

        ApiExceptions exceptions() {
            return ApiExceptions.forLoader(loader);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
