package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.lock.FencedLock;
import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.deadlock.WaitBoard;
import dev.coordination.agent.runtime.BackendUnavailableException;
import dev.coordination.agent.runtime.ConsensusGroup;
import dev.coordination.agent.runtime.CpStatus;
import dev.coordination.agent.runtime.Glob;
import dev.coordination.agent.runtime.HeldName;
import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockStripes;
import dev.coordination.agent.runtime.LockTimings;
import dev.coordination.agent.runtime.StripeLock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locks, on Hazelcast CP {@code FencedLock}s, reached through an embedded member this JVM runs
 * or as a client of dedicated members ({@link ClusterConnection}). The instance starts on a daemon
 * thread so the application's {@code main} is never held up; the first lock waits for it (bounded
 * by the caller). Names map onto a fixed set of CP locks ({@link LockStripes}), whose proxies are
 * cached: every first {@code getLock} of a CP name is a round trip to the CP METADATA group. The
 * names themselves are only recorded, for {@code synchronizedRemove}, in a {@link NameDirectory}.
 */
public final class HazelcastLockBackend implements LockBackend {

    private static final Logger log = LoggerFactory.getLogger(HazelcastLockBackend.class);

    private final AgentConfig settings;
    private final ClusterConnection connection;
    private final LockStripes lockStripes;
    private final AtomicReferenceArray<HazelcastLock> stripes;
    private final NameDirectory directory = new NameDirectory();
    private final CallFailures failures;
    private final CpSessions sessions;
    private volatile CompletableFuture<HazelcastInstance> ready;
    /** The base of the fences of the instance started last; set before it is ready. */
    private volatile FenceBase fenceBase;
    /** The instance once created, ready or not (a client may still be connecting). */
    private volatile HazelcastInstance created;

    private volatile String status;
    /** This JVM's holds, for answering the {@code locks} command ({@link HoldQuestions}); or null. */
    private volatile Function<Glob, List<HeldName>> holds;
    /** Why every lock is refused: this JVM's stripe count is not the cluster's ({@link StripeCount}); or null. */
    private volatile String stripeMismatch;

    public HazelcastLockBackend(AgentConfig settings) {
        this.settings = settings;
        this.lockStripes = new LockStripes(settings.lockStripes());
        this.stripes = new AtomicReferenceArray<>(lockStripes.count());
        this.connection = ClusterConnection.of(settings);
        this.failures = new CallFailures(connection::outage);
        this.sessions = new CpSessions(failures);
        this.status = connection.starting();
        Thread hook = new Thread(this::shutDownOnExit, "coordination-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public LockStripes stripes() {
        return lockStripes;
    }

    @Override
    public void reportHolds(Function<Glob, List<HeldName>> holds) {
        this.holds = holds;
    }

    @Override
    public String memberId() {
        return settings.memberId();
    }

    @Override
    public boolean isReady() {
        HazelcastInstance instance = startedInstance();
        return instance != null && instance.getLifecycleService().isRunning();
    }

    @Override
    public String status() {
        if (ready == null) {
            return "stopped (Coordination.stop() was called)";
        }
        HazelcastInstance instance = startedInstance();
        if (instance != null && !instance.getLifecycleService().isRunning()) {
            return "the Hazelcast member has shut down";
        }
        return status;
    }

    /** A volatile read: the check every locked call makes before it asks for a lock. */
    @Override
    public String refusal() {
        String mismatch = stripeMismatch;
        return mismatch != null ? mismatch : connection.refusal();
    }

    @Override
    public String clusterMode() {
        return ready == null ? "stopped (Coordination.stop() was called)" : connection.clusterMode();
    }

    /** The instance once it has started and is ready for locks; {@code null} before, and after stop(). */
    HazelcastInstance startedInstance() {
        CompletableFuture<HazelcastInstance> current = ready;
        return current != null && current.isDone() && !current.isCompletedExceptionally() ? current.join() : null;
    }

    /** The base of the fences of the instance started last, or null before the first start. */
    FenceBase fenceBase() {
        return fenceBase;
    }

    @Override
    public List<ConsensusGroup> consensusGroups() {
        HazelcastInstance instance = startedInstance();
        return instance == null ? List.of() : RaftGroups.of(instance);
    }

    @Override
    public CpStatus cpStatus() {
        HazelcastInstance instance = startedInstance();
        return instance == null ? null : CpHealth.of(instance);
    }

    @Override
    public synchronized void start() {
        CompletableFuture<HazelcastInstance> current = ready;
        if (current != null && !current.isCompletedExceptionally()) {
            return;
        }
        CompletableFuture<HazelcastInstance> starting = new CompletableFuture<>();
        ready = starting;
        Thread starter = new Thread(() -> startMember(starting), "coordination-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void startMember(CompletableFuture<HazelcastInstance> starting) {
        try {
            com.hazelcast.logging.Logger.newLoggerFactory("slf4j");
            status = connection.starting();
            HazelcastInstance instance = connection.create();
            created = instance;
            FenceBase base = new FenceBase(instance, settings.lockPrefix(), failures);
            connection.whenReplaced(instance, base::clusterReplaced);
            fenceBase = base;
            ExitWatch.start(instance.getName(), this::shutDownOnExit);
            connection.awaitReady(instance, waiting -> status = waiting);
            status = "comparing the stripe count with the cluster's";
            stripeMismatch = compareStripeCount(instance);
            if (stripeMismatch != null) {
                log.error(stripeMismatch);
            }
            status = "running";
            starting.complete(instance);
            Function<Glob, List<HeldName>> report = holds;
            if (report != null) {
                HoldQuestions.listen(instance, settings.lockPrefix(), settings.memberId(), report);
            }
        } catch (Throwable e) {
            status = "the Hazelcast instance failed to start (" + connection.starting() + "): " + e;
            log.error("Could not start the Hazelcast instance; locked calls fail until it starts", e);
            starting.completeExceptionally(e);
        }
    }

    /**
     * {@link StripeCount#check}, asked again until the cluster answers (a CP group that is still
     * electing its first leader): until then locked calls wait as they do for the member to start.
     */
    private String compareStripeCount(HazelcastInstance instance) throws InterruptedException {
        boolean told = false;
        while (true) {
            try {
                return StripeCount.check(instance, settings.lockPrefix(), lockStripes.count());
            } catch (BackendUnavailableException e) {
                if (!told) {
                    log.warn(
                            "Could not compare the stripe count with the cluster's yet ({}); trying again",
                            e.getMessage());
                    told = true;
                }
                TimeUnit.SECONDS.sleep(1); // a call that failed at once is not repeated in a busy loop
            }
        }
    }

    @Override
    public StripeLock lock(int stripe, long readyWaitNanos) throws InterruptedException {
        HazelcastLock lock = stripes.get(stripe);
        return lock != null ? lock : stripe(stripe, readyWaitNanos, true);
    }

    /**
     * The lock of a stripe seen for the first time (in this JVM, since the last start): waits for the
     * member, then looks the CP lock up.
     *
     * @param toAcquire the caller will acquire it, so a refusal ({@link #refusal}) applies: the
     *     caller checked before the member was up, and the member has counted its cluster since
     */
    private HazelcastLock stripe(int stripe, long readyWaitNanos, boolean toAcquire) throws InterruptedException {
        long begin = System.nanoTime();
        HazelcastInstance instance = awaitReady(readyWaitNanos);
        String refused = toAcquire ? refusal() : null;
        if (refused != null) {
            throw new BackendUnavailableException(refused, null);
        }
        long left = Math.max(readyWaitNanos - (System.nanoTime() - begin), 0);
        String cpName = stripeName(stripe);
        FencedLock proxy = CpCalls.bounded(
                () -> instance.getCPSubsystem().getLock(cpName),
                Math.min(left, LockTimings.UNANSWERED_NANOS),
                "look up lock \"" + cpName + "\"",
                connection::outage);
        stripes.compareAndSet(
                stripe, null, new HazelcastLock(cpName, instance, proxy, sessions, fenceBase, failures, this::refusal));
        return stripes.get(stripe);
    }

    /** The CP lock of a stripe; the prefix keeps applications that share a cluster apart. */
    private String stripeName(int stripe) {
        return settings.lockPrefix() + "coordination-stripe-" + stripe + "-of-" + lockStripes.count();
    }

    @Override
    public WaitBoard waitBoard() {
        return new HazelcastWaitBoard(this::startedInstance, settings.lockPrefix());
    }

    @Override
    public void nameUsed(String fullName) {
        HazelcastInstance instance = startedInstance();
        if (instance != null) {
            directory.nameUsed(instance, fullName);
        }
    }

    @Override
    public int removeNames(String prefix, Glob glob) throws InterruptedException {
        HazelcastInstance instance = awaitReady(LockTimings.UNANSWERED_NANOS);
        return directory.remove(instance, prefix, glob, lockStripes, stripe -> {
            HazelcastLock lock = stripes.get(stripe);
            // Only looks: a refusal (which is about acquiring) does not apply.
            return (lock != null ? lock : stripe(stripe, LockTimings.UNANSWERED_NANOS, false)).isLocked();
        });
    }

    private HazelcastInstance awaitReady(long waitNanos) throws InterruptedException {
        CompletableFuture<HazelcastInstance> current = ready;
        if (current == null) {
            throw new BackendUnavailableException(
                    "coordination is stopped (Coordination.stop() was called);"
                            + " call Coordination.start() to connect again",
                    null);
        }
        try {
            return current.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new BackendUnavailableException(
                    "the lock cluster was not ready after " + TimeUnit.NANOSECONDS.toMillis(waitNanos) / 1000.0 + "s ("
                            + status + ")",
                    e);
        } catch (ExecutionException e) {
            start();
            throw new BackendUnavailableException(status + "; retrying in the background", e.getCause());
        }
    }

    @Override
    public void stop() {
        CompletableFuture<HazelcastInstance> current;
        synchronized (this) {
            current = ready;
            ready = null;
            for (int i = 0; i < lockStripes.count(); i++) {
                stripes.set(i, null);
            }
            directory.forgetLocal();
        }
        if (current != null) {
            HazelcastInstance instance = created;
            if (instance != null && !current.isDone()) {
                connection.shutDown(instance); // still connecting: stop trying
            }
            current.thenAccept(connection::shutDown);
        }
    }

    private void shutDownOnExit() {
        HazelcastInstance instance = created;
        if (instance != null) {
            connection.shutDown(instance);
        }
    }
}
