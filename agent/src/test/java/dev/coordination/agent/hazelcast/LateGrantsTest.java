package dev.coordination.agent.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cp.lock.FencedLock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A grant seen long after its request is handed out only while its CP session lives: three embedded
 * CP members, the grant taken by the first; its session is then ended by the CP group, as when the
 * JVM was stopped past its TTL, and the lock goes to another member. The moment a caller sees the
 * grant is given by hand (a request sent 10 s ago), since no test can stop a JVM between Hazelcast
 * completing the answer and the caller reading it; {@code FrozenWaiterIT} stops a waiter for real.
 */
class LateGrantsTest {

    private static final long LATE_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Test
    void aLateGrantIsHeldWhileItsSessionLivesAndNotOnceTheGroupEndedIt() throws Exception {
        int first = Backends.freePorts(3);
        List<HazelcastLockBackend> members = Backends.start(first, 3, "cp-member-count=3,session-ttl=5,heartbeat=1");
        try {
            FencedLock lock = FencedLockCalls.sessionAware(
                    members.get(0).startedInstance().getCPSubsystem().getLock("late-grant"));
            lock.lock();
            long session = FencedLockCalls.session(lock);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);

            assertThat(LateGrants.seenLate(System.nanoTime(), System.nanoTime()))
                    .as("a grant seen at once")
                    .isFalse();
            assertThat(LateGrants.sessionLives(lock, session, System.nanoTime() - LATE_NANOS, deadline))
                    .as("a grant seen 10 s after its request, its session alive: a heartbeat is answered")
                    .isTrue();

            assertThat(Backends.closeSessions(members.get(0)))
                    .as("the CP group ends the session")
                    .isTrue();
            FencedLock other = members.get(1).startedInstance().getCPSubsystem().getLock("late-grant");
            assertThat(other.tryLock(30, TimeUnit.SECONDS))
                    .as("the lock of the ended session goes to another member")
                    .isTrue();
            assertThat(LateGrants.sessionLives(lock, session, System.nanoTime() - LATE_NANOS, deadline))
                    .as("the same grant once the group ended its session")
                    .isFalse();

            FencedLockCalls.invalidateSession(lock, session);
            assertThat(LateGrants.sessionLives(lock, session, System.nanoTime(), deadline))
                    .as("a session this JVM no longer has, even for a grant seen at once")
                    .isFalse();
        } finally {
            Backends.kill(members);
        }
    }
}
