package dev.coordination.agent.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.lock.FencedLock;
import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.runtime.BackendLock;
import dev.coordination.agent.runtime.BackendUnavailableException;
import dev.coordination.agent.runtime.LockBackend;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locks, on Hazelcast CP {@code FencedLock}s, reached through an embedded member this JVM runs
 * or as a client of dedicated members ({@link ClusterConnection}). The instance starts on a daemon
 * thread so the application's {@code main} is never held up; the first lock waits for it (bounded
 * by the caller). Lock proxies are cached per name: every first {@code
 * getLock} of a name is a round trip to the CP METADATA group.
 */
public final class HazelcastLockBackend implements LockBackend {

    private static final Logger log = LoggerFactory.getLogger(HazelcastLockBackend.class);

    private final AgentConfig settings;
    private final ClusterConnection connection;
    private final ConcurrentMap<String, HazelcastLock> locks = new ConcurrentHashMap<>();
    private volatile CompletableFuture<HazelcastInstance> ready;
    /** The instance once created, ready or not (a client may still be connecting). */
    private volatile HazelcastInstance created;
    private volatile String status;

    public HazelcastLockBackend(AgentConfig settings) {
        this.settings = settings;
        this.connection = ClusterConnection.of(settings);
        this.status = connection.starting();
        Thread hook = new Thread(this::shutDownOnExit, "coordination-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public String memberId() {
        return settings.memberId();
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
            ExitWatch.start(instance.getName(), this::shutDownOnExit);
            connection.awaitReady(instance, waiting -> status = waiting);
            status = "running";
            starting.complete(instance);
        } catch (Throwable e) {
            status = "the Hazelcast instance failed to start (" + connection.starting() + "): " + e;
            log.error("Could not start the Hazelcast instance; locked calls fail until it starts", e);
            starting.completeExceptionally(e);
        }
    }

    @Override
    public BackendLock lock(String fullName, long readyWaitNanos) throws InterruptedException {
        HazelcastLock lock = locks.get(fullName);
        if (lock != null) {
            return lock;
        }
        long begin = System.nanoTime();
        HazelcastInstance instance = awaitReady(readyWaitNanos);
        long left = Math.max(readyWaitNanos - (System.nanoTime() - begin), 0);
        FencedLock proxy = CpCalls.bounded(() -> instance.getCPSubsystem().getLock(fullName),
                Math.min(left, BackendLock.UNANSWERED_NANOS), "look up lock \"" + fullName + "\"", connection::outage);
        return locks.computeIfAbsent(fullName, name -> new HazelcastLock(name, instance, proxy, connection::outage));
    }

    private HazelcastInstance awaitReady(long waitNanos) throws InterruptedException {
        CompletableFuture<HazelcastInstance> current = ready;
        if (current == null) {
            throw new BackendUnavailableException("coordination is stopped (Coordination.stop() was called);"
                    + " call Coordination.start() to connect again", null);
        }
        try {
            return current.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new BackendUnavailableException("the lock cluster was not ready after "
                    + TimeUnit.NANOSECONDS.toMillis(waitNanos) / 1000.0 + "s (" + status + ")", e);
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
            locks.clear();
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
