package dev.coordination.agent.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.Coordination;
import dev.coordination.agent.runtime.LockRuntime;
import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.runtime.LockSites;
import dev.coordination.agent.template.MethodShape;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;

/**
 * {@link LocksView} as a JMX client sees it: registered under {@code dev.coordination:type=Locks} in an
 * MBean server of its own, read through the server as open data only (no agent class on the reading side).
 */
class LocksViewTest {

    private static final MethodShape ATTACH = new MethodShape(
            "com.acme.VolumeService",
            "attach",
            List.of("vol", "host"),
            true,
            List.of("java.lang.String", "java.lang.String"),
            false);

    private final FreeLocks backend = unsafeSingleMember();
    private final LockSites sites = new LockSites();
    private final LockRuntime runtime = new LockRuntime(sites, backend, "");
    /** Not the platform server: a server of this test's own, dropped with it. */
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    private int site(String... templates) {
        return sites.register(LockSite.compile(
                ATTACH,
                List.of(templates),
                true,
                -1,
                TimeUnit.SECONDS,
                null,
                getClass().getClassLoader()));
    }

    private Object read(String attribute) throws Exception {
        return server.getAttribute(new ObjectName(LocksMBeanRegistration.OBJECT_NAME), attribute);
    }

    private static FreeLocks unsafeSingleMember() {
        FreeLocks backend = new FreeLocks();
        backend.clusterMode = "single member, CP unsafe mode";
        return backend;
    }

    @Test
    void publishesOneRowPerMethodAndOneForTheFacadeAsOpenData() throws Exception {
        int attach = site("volume-{vol}", "host-{host}");
        runtime.exit(runtime.enter(attach, this, new Object[] {"v1", "h1"}), null);
        Object inside = runtime.enter(attach, this, new Object[] {"v2", "h1"});
        Object lock = runtime.getLock("volume-v9", Coordination.class);
        runtime.lock(lock);
        runtime.unlock(lock);

        assertThat(LocksMBeanRegistration.register(() -> server, new LocksView(sites, runtime, backend)))
                .isTrue();
        CompositeData[] rows = (CompositeData[]) read("Locks");

        assertThat(rows).hasSize(2);
        CompositeData method = rows[0];
        assertThat(method.get("method")).isEqualTo("VolumeService#attach(String, String)");
        assertThat((String[]) method.get("templates")).containsExactly("volume-{vol}", "host-{host}");
        assertThat(method.get("acquisitions")).isEqualTo(2L);
        assertThat(method.get("holders")).isEqualTo(1L);
        assertThat(method.get("failures")).isEqualTo(0L);
        assertThat(method.get("loadError")).isEqualTo("");
        assertThat(method.getCompositeType().keySet())
                .contains(
                        "waitMillisTotal",
                        "waitMillisMax",
                        "holdMillisTotal",
                        "holdMillisMax",
                        "templateErrors",
                        "locksLost");
        CompositeData facade = rows[1];
        assertThat(facade.get("method")).isEqualTo("Coordination.getLock");
        assertThat(facade.get("acquisitions")).isEqualTo(1L);
        assertThat(facade.get("holders")).isEqualTo(0L);
        assertThat(read("Acquisitions")).isEqualTo(3L);
        assertThat(read("Holders")).isEqualTo(1L);
        assertThat(read("MemberId")).isEqualTo("member-1");
        assertThat(read("BackendReady")).isEqualTo(true);
        assertThat(read("BackendStatus")).isEqualTo("running");
        assertThat(read("ClusterMode")).isEqualTo("single member, CP unsafe mode");
        assertThat(read("LocksLost")).isEqualTo(0L);
        runtime.exit(inside, null);
        assertThat(read("Holders"))
                .as("figures are read live, not at registration")
                .isEqualTo(0L);
    }

    @Test
    void aSecondRegistrationIsRefusedWithoutFailing() {
        LocksView view = new LocksView(sites, runtime, backend);

        assertThat(LocksMBeanRegistration.register(() -> server, view)).isTrue();
        assertThat(LocksMBeanRegistration.register(() -> server, view)).isFalse();
    }

    @Test
    void aServerThatCannotBeHadIsLoggedNotThrown() {
        boolean registered = LocksMBeanRegistration.register(
                () -> {
                    throw new SecurityException("no MBean server for you");
                },
                new LocksView(sites, runtime, backend));

        assertThat(registered).isFalse();
    }
}
