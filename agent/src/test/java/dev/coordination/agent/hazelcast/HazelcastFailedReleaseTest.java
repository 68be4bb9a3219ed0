package dev.coordination.agent.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coordination.LockAcquireFailedException;
import dev.coordination.agent.runtime.Deadline;
import dev.coordination.agent.runtime.LockRuntime;
import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.runtime.LockSites;
import dev.coordination.agent.runtime.LockStripes;
import dev.coordination.agent.template.MethodShape;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client's call with a timeout on two names whose CP group loses its majority after the call took
 * the first: it fails by its deadline, while the unlock of the first name is sent again in the
 * background.
 */
class HazelcastFailedReleaseTest {

    private static final MethodShape SHAPE = new MethodShape(
            "com.acme.VolumeService", "attach", List.of("vol"), true, List.of("java.lang.String"), false);

    @Test
    void clientCallWithTimeoutFailsByItsDeadlineWhenTheCpGroupLosesItsMajorityAfterItsFirstName() throws Exception {
        int first = Backends.freePorts(3);
        List<HazelcastLockBackend> members = Backends.start(first, 3, "cp-member-count=3,session-ttl=10,heartbeat=1");
        List<HazelcastLockBackend> ended = new ArrayList<>();
        HazelcastLockBackend client = null;
        ScheduledExecutorService cut = Executors.newSingleThreadScheduledExecutor();
        try {
            client = Backends.client(first, 3, "caller");
            LockStripes stripes = client.stripes();
            String second = stripes.order().compare("a-v1", "b-v1") < 0 ? "b-v1" : "a-v1";
            HazelcastLockBackend holder = members.get(0);
            long fence = holder.lock(stripes.of(second), TimeUnit.SECONDS.toNanos(20))
                    .acquire(
                            Deadline.after(TimeUnit.SECONDS.toNanos(20), System.nanoTime()),
                            System.nanoTime(),
                            LockStripes.tag(second));
            assertThat(fence).as("a member holds " + second).isPositive();
            LockSites sites = new LockSites();
            LockRuntime runtime = new LockRuntime(sites, client, "");
            int id = sites.register(LockSite.compile(
                    SHAPE,
                    List.of("a-{vol}", "b-{vol}"),
                    true,
                    3_000,
                    TimeUnit.MILLISECONDS,
                    null,
                    getClass().getClassLoader()));
            List<HazelcastLockBackend> majority = members.subList(1, 3);
            cut.schedule(
                    () -> {
                        ended.addAll(majority);
                        majority.forEach(member ->
                                member.startedInstance().getLifecycleService().terminate());
                    },
                    1,
                    TimeUnit.SECONDS);
            long start = System.nanoTime();

            LockAcquireFailedException failure = catchThrowableOfType(
                    () -> runtime.enter(id, this, new Object[] {"v1"}), LockAcquireFailedException.class);

            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("CP majority lost 1 s into a 3 s client call on two names: failed after " + millis
                    + " ms; " + failure);
            assertThat(failure).isNotNull();
            assertThat(failure.lockName()).isEqualTo(second);
            assertThat(millis).isBetween(3_000L, 3_200L);
        } finally {
            cut.shutdownNow();
            if (client != null) {
                client.stop();
            }
            for (HazelcastLockBackend member : members) {
                if (!ended.contains(member)) {
                    member.startedInstance().getLifecycleService().terminate();
                }
                member.stop();
            }
        }
    }
}
