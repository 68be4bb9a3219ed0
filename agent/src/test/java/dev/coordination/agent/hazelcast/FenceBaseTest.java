package dev.coordination.agent.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coordination.agent.runtime.BackendUnavailableException;
import dev.coordination.agent.runtime.Deadline;
import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockStripes;
import dev.coordination.agent.runtime.LockTimings;
import dev.coordination.agent.runtime.StripeLock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fences of a name never go backwards on Hazelcast, also when the lock cluster loses its CP
 * state (every member gone, memory only, or the CP subsystem reset) and starts again: Hazelcast's
 * own fences start again from small values, the base the agent adds to them ({@link FenceBase}) is
 * the new state's first use in microseconds. The members and clients run in this JVM; one member in
 * unsafe mode stands for a whole cluster where a CP subsystem is not the point. {@code
 * ClusterRestartFencesIT} kills real JVMs.
 */
class FenceBaseTest {

    private static final String NAME = "fences";
    private static final long TAG = LockStripes.tag(NAME);
    private static final long CALL_SECONDS = 10;

    @Test
    void fencesAfterTheWholeClusterRestartedAreLargerThanEveryFenceBefore() throws Exception {
        int port = Backends.freePorts(1);
        long begin = micros();
        List<HazelcastLockBackend> cluster = Backends.start(port, 1, "cp-member-count=0");
        List<Long> before = grants(cluster.get(0), 20);
        long baseBefore = recordedBase(cluster.get(0));
        Backends.kill(cluster);

        cluster = Backends.start(port, 1, "cp-member-count=0");
        try {
            List<Long> after = grants(cluster.get(0), 20);
            long baseAfter = recordedBase(cluster.get(0));

            assertThat(before).isSorted().doesNotHaveDuplicates();
            assertThat(after).isSorted().doesNotHaveDuplicates();
            assertThat(after.get(0)).as("the first fence after the restart").isGreaterThan(Collections.max(before));
            assertThat(baseBefore).as("the first base: the state's first use").isBetween(begin, baseAfter - 1);
            assertThat(after.get(0) - baseAfter)
                    .as("Hazelcast's own part started again from a small value (the reason for the base)")
                    .isLessThanOrEqualTo(Collections.max(before) - baseBefore);
            assertThat(after).allMatch(fence -> fence - baseAfter < 1_000_000, "Hazelcast's part stays small");
        } finally {
            Backends.kill(cluster);
        }
    }

    @Test
    void theBaseIsReadOncePerSessionNeverPerCall() throws Exception {
        List<HazelcastLockBackend> cluster = Backends.start(1, "cp-member-count=0");
        try {
            HazelcastLockBackend backend = cluster.get(0);
            grants(backend, 200);
            assertThat(backend.fenceBase().reads())
                    .as("reads of the base from the cluster")
                    .isEqualTo(1);
        } finally {
            Backends.kill(cluster);
        }
    }

    /**
     * Two clients outlive a restart of their member. In the new cluster, session ids start again
     * from 1: the client that locks first gets the id the other had, which the other must not go on
     * using (it would share that session, so hold the same lock at once, with a fence counted from
     * the old cluster's base).
     */
    @Test
    void clientsThatOutliveARestartOfEveryMemberExcludeEachOtherWithLargerFences() throws Exception {
        int port = Backends.freePorts(1);
        List<HazelcastLockBackend> members = Backends.start(port, 1, "cp-member-count=0");
        HazelcastLockBackend first = Backends.client(port, 1, "first");
        HazelcastLockBackend second = Backends.client(port, 1, "second");
        try {
            List<Long> before = new ArrayList<>(grants(first, 5)); // session 1 of the first cluster
            before.addAll(grants(second, 5)); // session 2
            Backends.kill(members);
            members = Backends.start(port, 1, "cp-member-count=0");

            long second1 = firstGrantWithin(second, 60); // session 1 of the new cluster
            assertThat(second1)
                    .as("the second client's first fence after the restart")
                    .isGreaterThan(Collections.max(before));
            long first1 = firstGrantWithin(first, 60, false);
            assertThat(first1)
                    .as("the first client, while the second holds the lock")
                    .isZero();
            lockOf(second).release();

            long firstAfter = firstGrantWithin(first, 60);
            lockOf(first).release();
            assertThat(firstAfter)
                    .as("the first client's fence after the restart")
                    .isGreaterThan(second1);
        } finally {
            first.stop();
            second.stop();
            Backends.kill(members);
        }
    }

    /**
     * With a CP subsystem, the default group formed anew may have another id than before: the client
     * finds its lock's group gone, and reads the base from the new one, not from the old id, which
     * nobody answers any more.
     */
    @Test
    void aClientOfACpGroupLocksAgainAfterEveryMemberRestartedWithLargerFences() throws Exception {
        int port = Backends.freePorts(3);
        String cp = "cp-member-count=3,session-ttl=10,heartbeat=1";
        List<HazelcastLockBackend> members = Backends.start(port, 3, cp);
        HazelcastLockBackend client = Backends.client(port, 3, "client");
        try {
            List<Long> before = grants(client, 5);
            Backends.kill(members);
            members = Backends.start(port, 3, cp);

            long after = firstGrantWithin(client, 60);
            lockOf(client).release();
            assertThat(after).as("the client's first fence after the restart").isGreaterThan(Collections.max(before));
        } finally {
            client.stop();
            Backends.kill(members);
        }
    }

    /**
     * An operator's reset of the CP subsystem wipes its state while the members run: the CP groups
     * are formed anew, under new ids, and the members that lock learn it from their lock's group.
     */
    @Test
    void afterTheCpSubsystemIsResetFencesAreLargerThanEveryFenceBefore() throws Exception {
        List<HazelcastLockBackend> members = Backends.start(3, "cp-member-count=3,session-ttl=10,heartbeat=1");
        try {
            HazelcastLockBackend locking = members.get(2);
            List<Long> before = grants(locking, 5);
            HazelcastLockBackend master = members.stream()
                    .filter(member -> member.startedInstance()
                            .getCluster()
                            .getMembers()
                            .iterator()
                            .next()
                            .localMember())
                    .findFirst()
                    .orElseThrow();
            master.startedInstance()
                    .getCPSubsystem()
                    .getCPSubsystemManagementService()
                    .reset()
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);

            long after = firstGrantWithin(locking, 60);
            lockOf(locking).release();
            assertThat(after).as("the first fence after the reset").isGreaterThan(Collections.max(before));
            long base = recordedBase(locking);
            assertThat(base).as("the new state's base").isGreaterThan(Collections.max(before));
            assertThat(after - base).as("Hazelcast's own part, counted anew").isBetween(1L, 1_000_000L);
        } finally {
            Backends.kill(members);
        }
    }

    @Test
    void aBaseThatCannotBeReadFailsTheAcquireBeforeAnyRequestAndNothingIsHeld() throws Exception {
        List<HazelcastLockBackend> cluster = Backends.start(1, "cp-member-count=0");
        try {
            HazelcastLockBackend backend = cluster.get(0);
            backend.startedInstance()
                    .getCPSubsystem()
                    .getAtomicLong(FenceBase.RECORD)
                    .destroy();
            assertThatThrownBy(() -> acquire(backend, Deadline.after(TimeUnit.SECONDS.toNanos(5), System.nanoTime())))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("could not read the base of the fences of CP group \"default\" (CP"
                            + " IAtomicLong \"coordination-fence-base\")");
            assertThat(((HazelcastLock) lockOf(backend)).isLocked())
                    .as("held by anybody")
                    .isFalse();
        } finally {
            Backends.kill(cluster);
        }
    }

    /** {@code count} grants of {@link #NAME}, each released at once; their fences. */
    private static List<Long> grants(LockBackend backend, int count) throws InterruptedException {
        List<Long> fences = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long fence = acquire(backend, Deadline.after(TimeUnit.SECONDS.toNanos(CALL_SECONDS), System.nanoTime()));
            assertThat(fence).as("granted within %d s", CALL_SECONDS).isPositive();
            lockOf(backend).release();
            fences.add(fence);
        }
        return fences;
    }

    private static long firstGrantWithin(LockBackend client, long seconds) throws InterruptedException {
        long fence = firstGrantWithin(client, seconds, true);
        assertThat(fence).as("granted within %d s", seconds).isPositive();
        return fence;
    }

    /**
     * The fence of {@link #NAME} for a client that may still be reconnecting: calls that fail because
     * it is, are made again until {@code seconds} have passed.
     *
     * @param wait whether the call waits (2 s) for the lock, or asks once
     */
    private static long firstGrantWithin(LockBackend client, long seconds, boolean wait) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try {
                return acquire(
                        client,
                        wait ? Deadline.after(TimeUnit.SECONDS.toNanos(2), System.nanoTime()) : Deadline.noWait());
            } catch (BackendUnavailableException e) {
                if (System.nanoTime() > until) {
                    throw new AssertionError("no answer from the restarted cluster within " + seconds + " s", e);
                }
            }
        }
    }

    private static long acquire(LockBackend backend, Deadline deadline) throws InterruptedException {
        return lockOf(backend).acquire(deadline, System.nanoTime(), TAG);
    }

    private static StripeLock lockOf(LockBackend backend) throws InterruptedException {
        return backend.lock(NAME, backend.stripes().of(NAME), LockTimings.READY_WAIT_NANOS);
    }

    private static long recordedBase(HazelcastLockBackend member) {
        return member.startedInstance()
                .getCPSubsystem()
                .getAtomicLong(FenceBase.RECORD)
                .get();
    }

    private static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
