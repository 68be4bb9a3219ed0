package dev.coordination.agent.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.internal.util.UuidUtil;
import com.hazelcast.spi.impl.InternalCompletableFuture;
import dev.coordination.agent.runtime.Deadline;
import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockStripes;
import dev.coordination.agent.runtime.LockTimings;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hold the CP group counts under a lane that this JVM took as free (an acquire applied twice
 * across a leader change) never outlives the lane's last known hold: the name is free for others
 * after the release, and every new grant has a larger fence. One member in unsafe mode and a client
 * (another JVM) in this JVM; the double application is made by hand with the calls Hazelcast's
 * invocation sends again.
 */
class LeftoverHoldTest {

    private static final String NAME = "leftover";
    private static final long TAG = LockStripes.tag(NAME);
    private static final long LANE = 1; // the first lane a lock hands out

    private List<HazelcastLockBackend> members;
    private HazelcastLockBackend member;
    private HazelcastLockBackend otherJvm;
    private FencedLock proxy;

    @BeforeEach
    void start() throws Exception {
        int port = Backends.freePorts(1);
        members = Backends.start(port, 1, "cp-member-count=0");
        member = members.get(0);
        otherJvm = Backends.client(port, 1, "other");
        proxy = FencedLockCalls.sessionAware(
                member.startedInstance().getCPSubsystem().getLock(lockOf(member).name()));
    }

    @AfterEach
    void stop() {
        otherJvm.stop();
        Backends.kill(members);
    }

    /**
     * The race seen under a leader change: a waiting request is granted, the cancel of its
     * withdrawal frees that grant, and the request, resent by Hazelcast with its invocation id,
     * is granted again, since freeing the lock made the group forget the endpoint's invocation ids.
     */
    @Test
    void aWithdrawnRequestGrantedAgainAfterItsCancelLeavesNothingHeld() throws Exception {
        long session = FencedLockCalls.acquireSession(proxy);
        UUID invocation = UuidUtil.newUnsecureUUID();
        assertThat(FencedLockCalls.tryLock(proxy, session, LANE, invocation, 0).get(10, TimeUnit.SECONDS))
                .as("the first application")
                .isPositive();
        InternalCompletableFuture<Long> request = new InternalCompletableFuture<>();
        CountDownLatch settled = new CountDownLatch(1);

        Withdrawal.start(NAME, proxy, session, LANE, request, settled::countDown)
                .get(10, TimeUnit.SECONDS);
        long again =
                FencedLockCalls.tryLock(proxy, session, LANE, invocation, 0).get(10, TimeUnit.SECONDS);
        request.complete(again);

        assertThat(again)
                .as("the same request, applied again after the cancel freed it")
                .isPositive();
        assertThat(settled.await(10, TimeUnit.SECONDS))
                .as("the withdrawal settled")
                .isTrue();
        assertThat(proxy.isLocked()).as("held after the withdrawal settled").isFalse();
        FencedLockCalls.releaseSession(proxy, session);
        assertThat(grant(otherJvm)).as("another JVM's grant").isGreaterThan(again);
    }

    /** The group counts two holds under a lane this JVM takes as free; its next holder frees all of them. */
    @Test
    void holdsCountedUnderAFreeLaneAreFreedWithItsNextHoldersRelease() throws Exception {
        long earlier = grant(member);
        long session = FencedLockCalls.acquireSession(proxy);
        long leftover = FencedLockCalls.tryLock(proxy, session, LANE, UuidUtil.newUnsecureUUID(), 0)
                .get(10, TimeUnit.SECONDS);
        FencedLockCalls.tryLock(proxy, session, LANE, UuidUtil.newUnsecureUUID(), 0)
                .get(10, TimeUnit.SECONDS);
        FencedLockCalls.releaseSession(proxy, session);
        assertThat(leftover).isPositive();

        long next = grant(member);
        assertThat(next)
                .as("the grant under the lane, larger than every grant before")
                .isGreaterThan(earlier);

        long others = grant(otherJvm);
        assertThat(others).as("another JVM's grant after the release").isGreaterThan(next);
        assertThat(grant(member)).as("this JVM's next grant").isGreaterThan(others);
    }

    /** Acquires and releases the name on a thread of its own, waiting at most 10 s; the fence. */
    private static long grant(LockBackend backend) throws Exception {
        long[] fence = {0};
        Throwable[] failure = {null};
        Thread thread = new Thread(() -> {
            try {
                fence[0] = lockOf(backend)
                        .acquire(
                                Deadline.after(TimeUnit.SECONDS.toNanos(10), System.nanoTime()),
                                System.nanoTime(),
                                TAG);
                if (fence[0] > 0) {
                    lockOf(backend).release();
                }
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(failure[0]).as("the call's failure").isNull();
        assertThat(fence[0]).as("granted within 10 s").isPositive();
        return fence[0];
    }

    private static HazelcastLock lockOf(LockBackend backend) throws InterruptedException {
        return (HazelcastLock) backend.lock(NAME, backend.stripes().of(NAME), LockTimings.READY_WAIT_NANOS);
    }
}
