package dev.coordination.bench.overhead;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.internal.datastructures.lock.proxy.AbstractFencedLockProxy;
import com.hazelcast.cp.internal.session.SessionAwareProxy;
import com.hazelcast.internal.util.ThreadUtil;
import com.hazelcast.internal.util.UuidUtil;
import com.hazelcast.spi.impl.InternalCompletableFuture;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Where the rest of the agent's overhead goes: the agent drives the same asynchronous calls under
 * {@code FencedLock} that Hazelcast's proxy does, but waits for their answers with a timeout (no
 * call may wait past its caller's bound, even with a CP group that lost its majority), where the
 * proxy waits without one. This lock+unlock, once with the proxy's untimed wait and once with the
 * agent's timed one, on an embedded member as in {@link HandWrittenLockBenchmark}, shows what a
 * timed park costs (on a virtual machine, arming the timer is a trip through the hypervisor).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
public class TimedWaitBenchmark {

    private static final MethodHandle ACQUIRE_SESSION;
    private static final MethodHandle RELEASE_SESSION;
    private static final MethodHandle DO_TRY_LOCK;
    private static final MethodHandle DO_UNLOCK;

    static {
        try {
            MethodHandles.Lookup session =
                    MethodHandles.privateLookupIn(SessionAwareProxy.class, MethodHandles.lookup());
            MethodHandles.Lookup lock =
                    MethodHandles.privateLookupIn(AbstractFencedLockProxy.class, MethodHandles.lookup());
            ACQUIRE_SESSION =
                    session.findVirtual(SessionAwareProxy.class, "acquireSession", MethodType.methodType(long.class));
            RELEASE_SESSION = session.findVirtual(
                    SessionAwareProxy.class, "releaseSession", MethodType.methodType(void.class, long.class));
            DO_TRY_LOCK = lock.findVirtual(
                    AbstractFencedLockProxy.class,
                    "doTryLock",
                    MethodType.methodType(
                            InternalCompletableFuture.class, long.class, long.class, UUID.class, long.class));
            DO_UNLOCK = lock.findVirtual(
                    AbstractFencedLockProxy.class,
                    "doUnlock",
                    MethodType.methodType(InternalCompletableFuture.class, long.class, long.class, UUID.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LockedSections sections = new LockedSections();
    private HazelcastInstance member;
    private AbstractFencedLockProxy proxy;

    @Setup
    public void startMember() {
        member = BenchMember.start(System.getProperty("bench.cluster"), Integer.getInteger("bench.port"));
        proxy = (AbstractFencedLockProxy) member.getCPSubsystem().getLock(LockedSections.NAME);
        proxy.lock();
        proxy.unlock();
    }

    @TearDown
    public void stopMember() {
        member.shutdown();
    }

    @Benchmark
    public long untimedWait() throws Throwable {
        return lockAndUnlock(false);
    }

    @Benchmark
    public long timedWait() throws Throwable {
        return lockAndUnlock(true);
    }

    private long lockAndUnlock(boolean timed) throws Throwable {
        long thread = ThreadUtil.getThreadId();
        long session = (long) ACQUIRE_SESSION.invoke(proxy);
        InternalCompletableFuture<?> lock = (InternalCompletableFuture<?>)
                DO_TRY_LOCK.invoke(proxy, session, thread, UuidUtil.newUnsecureUUID(), 250L);
        Object fence = timed ? lock.get(30, TimeUnit.SECONDS) : lock.joinInternal();
        long body = sections.bare();
        InternalCompletableFuture<?> unlock =
                (InternalCompletableFuture<?>) DO_UNLOCK.invoke(proxy, session, thread, UuidUtil.newUnsecureUUID());
        Object stillHeld = timed ? unlock.get(30, TimeUnit.SECONDS) : unlock.joinInternal();
        RELEASE_SESSION.invoke(proxy, session);
        return body + ((Long) fence) + (((Boolean) stillHeld) ? 1 : 0);
    }
}
