package dev.coordination.agent.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.agent.config.AgentConfig;
import dev.coordination.agent.local.LocalLockBackend;
import dev.coordination.agent.runtime.InMemoryLockBackend;
import dev.coordination.agent.runtime.LockRuntime;
import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.runtime.LockSites;
import dev.coordination.agent.template.MethodShape;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/** The {@code Holds} attribute of {@link LocksView}, read as open data through an MBean server. */
class LocksViewHoldsTest {

    private static final MethodShape ATTACH = new MethodShape(
            "com.acme.VolumeService",
            "attach",
            List.of("vol", "host"),
            true,
            List.of("java.lang.String", "java.lang.String"),
            false);

    private final InMemoryLockBackend backend = new InMemoryLockBackend("cinder-");
    private final LockSites sites = new LockSites();
    private final LockRuntime runtime = new LockRuntime(sites, backend, "cinder-");
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    @Test
    void holdsListTheNamesHeldNowWithTheLocksCommandsColumns() throws Exception {
        int attach = sites.register(LockSite.compile(
                ATTACH,
                List.of("volume-{vol}"),
                true,
                -1,
                TimeUnit.SECONDS,
                null,
                getClass().getClassLoader()));
        assertThat(LocksMBeanRegistration.register(() -> server, new LocksView(sites, runtime, backend)))
                .isTrue();
        long before = System.currentTimeMillis();
        Object held = runtime.enter(attach, this, new Object[] {"v1", "h1"});

        CompositeData[] rows =
                (CompositeData[]) server.getAttribute(new ObjectName(LocksMBeanRegistration.OBJECT_NAME), "Holds");

        assertThat(rows).hasSize(1);
        assertThat(rows[0].get("name")).isEqualTo("volume-v1");
        assertThat(rows[0].get("memberId")).isEqualTo("in-memory");
        assertThat(rows[0].get("thread")).isEqualTo(Thread.currentThread().getName());
        assertThat(rows[0].get("method")).isEqualTo("VolumeService#attach(String, String)");
        assertThat(Instant.parse((String) rows[0].get("heldSince")).toEpochMilli())
                .isBetween(before - 1, System.currentTimeMillis() + 1);
        assertThat((Long) rows[0].get("heldMillis")).isNotNegative();
        assertThat(rows[0].get("waiting")).isEqualTo(0);
        runtime.exit(held, null);
        assertThat((CompositeData[]) server.getAttribute(new ObjectName(LocksMBeanRegistration.OBJECT_NAME), "Holds"))
                .isEmpty();
    }

    @Test
    void localModeShowsItsHoldsAndWaitingThreadsWithoutACluster() throws Exception {
        LocalLockBackend local = new LocalLockBackend(AgentConfig.load(new Properties(), "mode=local"));
        LockRuntime localRuntime = new LockRuntime(sites, local, "");
        int attach = sites.register(LockSite.compile(
                ATTACH,
                List.of("volume-{vol}"),
                true,
                -1,
                TimeUnit.SECONDS,
                null,
                getClass().getClassLoader()));
        LocksView view = new LocksView(sites, localRuntime, local);
        Object held = localRuntime.enter(attach, this, new Object[] {"v1", "h1"});
        Thread waiter = new Thread(
                () -> localRuntime.exit(localRuntime.enter(attach, this, new Object[] {"v1", "h1"}), null), "waiter");
        waiter.setDaemon(true);
        waiter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (view.getHolds().isEmpty() || view.getHolds().get(0).getWaiting() == 0) {
            assertThat(System.nanoTime()).as("the waiter shows within 10 s").isLessThan(deadline);
            Thread.onSpinWait();
        }

        List<HoldRow> rows = view.getHolds();

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getName()).isEqualTo("volume-v1");
        assertThat(rows.get(0).getWaiting()).isEqualTo(1);
        localRuntime.exit(held, null);
        waiter.join(10_000);
        assertThat(waiter.isAlive()).isFalse();
    }
}
