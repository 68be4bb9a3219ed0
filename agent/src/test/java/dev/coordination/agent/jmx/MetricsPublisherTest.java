package dev.coordination.agent.jmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coordination.Coordination;
import dev.coordination.agent.runtime.ConsensusGroup;
import dev.coordination.agent.runtime.CpStatus;
import dev.coordination.agent.runtime.LockRuntime;
import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.runtime.LockSites;
import dev.coordination.agent.template.MethodShape;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * {@link MetricsPublisher} as a scraper sees it: the MBeans it puts in an MBean server of the test's
 * own, their names (template and method as quoted key properties) and plain numeric attributes, read
 * through the server only.
 */
class MetricsPublisherTest {

    private static final MethodShape ATTACH = new MethodShape(
            "com.acme.VolumeService",
            "attach",
            List.of("vol", "host"),
            true,
            List.of("java.lang.String", "java.lang.String"),
            false);
    private static final MethodShape DETACH = new MethodShape(
            "com.acme.VolumeService", "detach", List.of("vol"), true, List.of("java.lang.String"), false);

    private final FreeLocks backend = new FreeLocks();
    private final LockSites sites = new LockSites();
    private final LockRuntime runtime = new LockRuntime(sites, backend, "");
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final MetricsPublisher publisher = new MetricsPublisher(sites, runtime, CpSource.of(backend));

    private int site(MethodShape method, String... templates) {
        return sites.register(LockSite.compile(
                method,
                List.of(templates),
                true,
                -1,
                TimeUnit.SECONDS,
                null,
                getClass().getClassLoader()));
    }

    private Object read(ObjectName name, String attribute) throws Exception {
        return server.getAttribute(name, attribute);
    }

    @Test
    void publishesOneMBeanPerMethodNamedByItsTemplateWithLiveCounters() throws Exception {
        int attach = site(ATTACH, "volume-{vol}", "host-{host}");
        runtime.exit(runtime.enter(attach, this, new Object[] {"v1", "h1"}), null);
        Object inside = runtime.enter(attach, this, new Object[] {"v2", "h1"});
        Object lock = runtime.getLock("volume-v9", Coordination.class);
        runtime.lock(lock);
        runtime.unlock(lock);

        publisher.sync(server);

        Set<ObjectName> names = server.queryNames(new ObjectName("dev.coordination:type=LockSite,*"), null);
        assertThat(names).hasSize(2);
        ObjectName method = new ObjectName("dev.coordination:type=LockSite,template=\"volume-{vol}, host-{host}\","
                + "method=\"VolumeService#attach(String, String)\"");
        assertThat(names).contains(method);
        assertThat(ObjectName.unquote(method.getKeyProperty("template"))).isEqualTo("volume-{vol}, host-{host}");
        assertThat(read(method, "Template")).isEqualTo("volume-{vol}, host-{host}");
        assertThat(read(method, "Method")).isEqualTo("VolumeService#attach(String, String)");
        assertThat(read(method, "Acquisitions")).isEqualTo(2L);
        assertThat(read(method, "Releases")).isEqualTo(1L);
        assertThat(read(method, "Holders")).isEqualTo(1L);
        assertThat(read(method, "Failures")).isEqualTo(0L);
        for (String attribute : List.of(
                "TemplateErrors",
                "LocksLost",
                "WaitMillisTotal",
                "WaitMillisMax",
                "HoldMillisTotal",
                "HoldMillisMax")) {
            assertThat(read(method, attribute)).as(attribute).isInstanceOf(Long.class);
        }
        ObjectName facade = new ObjectName(
                "dev.coordination:type=LockSite,template=\"Coordination.getLock\",method=\"Coordination.getLock\"");
        assertThat(read(facade, "Acquisitions")).isEqualTo(1L);

        runtime.exit(inside, null);
        assertThat(read(method, "Holders")).as("read live, not at registration").isEqualTo(0L);
        assertThat(read(method, "Releases")).isEqualTo(2L);
    }

    @Test
    void aMethodWhoseClassLoadsLaterAppearsAtTheNextSync() throws Exception {
        publisher.sync(server);
        int detach = site(DETACH, "volume-{vol}");
        runtime.exit(runtime.enter(detach, this, new Object[] {"v1"}), null);

        publisher.sync(server);

        ObjectName name = new ObjectName(
                "dev.coordination:type=LockSite,template=\"volume-{vol}\",method=\"VolumeService#detach(String)\"");
        assertThat(read(name, "Acquisitions")).isEqualTo(1L);
    }

    @Test
    void theSameMethodLoadedTwiceIsOneMBeanWithTheSumOfBoth() throws Exception {
        int first = site(DETACH, "volume-{vol}");
        int second = site(DETACH, "volume-{vol}");
        runtime.exit(runtime.enter(first, this, new Object[] {"v1"}), null);
        runtime.exit(runtime.enter(second, this, new Object[] {"v1"}), null);
        runtime.exit(runtime.enter(second, this, new Object[] {"v2"}), null);

        publisher.sync(server);

        ObjectName name = new ObjectName(
                "dev.coordination:type=LockSite,template=\"volume-{vol}\",method=\"VolumeService#detach(String)\"");
        assertThat(read(name, "Acquisitions")).isEqualTo(3L);
    }

    @Test
    void templatesWithQuotesCommasAndStarsMakeValidNamesThatUnquoteToTheTemplate() throws Exception {
        String template = "a\"b,c=d*e?{vol}\\";
        ObjectName name = MetricNames.lockSite(template, "VolumeService#detach(String)");

        assertThat(name.isPattern()).isFalse();
        assertThat(ObjectName.unquote(name.getKeyProperty("template"))).isEqualTo(template);
        assertThat(name.getKeyPropertyListString()).startsWith("type=LockSite,template=\"");
    }

    @Test
    void cpMBeansFollowTheGroupsThisMemberIsIn() throws Exception {
        publisher.sync(server);
        assertThat(server.queryNames(new ObjectName("dev.coordination:type=Cp*,*"), null))
                .as("no CP subsystem: nothing")
                .isEmpty();

        backend.groups = List.of(
                new ConsensusGroup("METADATA", "127.0.0.1:5701", "follower", 1, 12, 0, 12),
                new ConsensusGroup("default", "127.0.0.1:5702", "leader", 3, 40, 0, 40));
        backend.status = new CpStatus(3, 1, Map.of("METADATA", 0, "default", 2));
        publisher.sync(server);

        ObjectName subsystem = new ObjectName("dev.coordination:type=CpSubsystem");
        ObjectName group = new ObjectName("dev.coordination:type=CpGroup,group=default");
        ObjectName metadata = new ObjectName("dev.coordination:type=CpGroup,group=METADATA");
        assertThat(read(subsystem, "CpMembers")).isEqualTo(3);
        assertThat(read(subsystem, "MissingCpMembers")).isEqualTo(1);
        assertThat(read(group, "Term")).isEqualTo(3L);
        assertThat(read(group, "CommitIndex")).isEqualTo(40L);
        assertThat(read(group, "LocalLeader")).isEqualTo(1);
        assertThat(read(group, "LeaderKnown")).isEqualTo(1);
        assertThat(read(group, "Role")).isEqualTo("leader");
        assertThat(read(group, "Sessions")).isEqualTo(2L);
        assertThat(read(metadata, "LocalLeader")).isEqualTo(0);

        backend.groups = List.of(new ConsensusGroup("METADATA", "", "candidate", 2, 12, 0, 12));
        assertThatThrownBy(() -> read(group, "Term"))
                .as("left the group, not yet unregistered: no stale figure")
                .hasStackTraceContaining("not in CP group default");
        assertThat(read(metadata, "LeaderKnown")).isEqualTo(0);
        publisher.sync(server);
        assertThat(server.isRegistered(group)).isFalse();
        assertThat(server.isRegistered(metadata)).isTrue();

        backend.status = null;
        publisher.sync(server);
        assertThat(server.queryNames(new ObjectName("dev.coordination:type=Cp*,*"), null))
                .as("stopped: no CP MBeans")
                .isEmpty();
    }

    @Test
    void aDedicatedMemberPublishesItsCpMBeansAndNoLockSites() throws Exception {
        backend.groups = List.of(new ConsensusGroup("default", "127.0.0.1:5701", "follower", 2, 9, 0, 9));
        backend.status = new CpStatus(3, 0, Map.of("default", 4));

        new MetricsPublisher(null, null, CpSource.of(backend)).sync(server);

        assertThat(server.queryNames(new ObjectName("dev.coordination:*"), null))
                .containsExactlyInAnyOrder(
                        new ObjectName("dev.coordination:type=CpSubsystem"),
                        new ObjectName("dev.coordination:type=CpGroup,group=default"));
        assertThat(read(new ObjectName("dev.coordination:type=CpGroup,group=default"), "Sessions"))
                .isEqualTo(4L);
    }

    @Test
    void aSecondPublisherInTheSameServerRegistersNothingAndDoesNotFail() throws Exception {
        site(DETACH, "volume-{vol}");
        publisher.sync(server);

        new MetricsPublisher(sites, runtime, CpSource.of(backend)).sync(server);

        assertThat(server.queryNames(new ObjectName("dev.coordination:type=LockSite,*"), null))
                .hasSize(2);
    }
}
