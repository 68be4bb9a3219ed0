package dev.coordination.samples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Micrometer example of docs/metrics.md: the page shows this module's {@link CoordinationMetrics}
 * byte for byte (so the example compiles), and the binder turns lock-site MBeans, registered before
 * and after it binds, into meters tagged with the template.
 */
class CoordinationMetricsTest {

    private static final Path DOC = Path.of("../../../docs/metrics.md");
    private static final Path SOURCE = Path.of("src/test/java/dev/coordination/samples/boot/CoordinationMetrics.java");

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName attach = name("volume-{vol.id}", "VolumeService#attach(Volume)");
    private final ObjectName detach = name("volume-{vol.id}", "VolumeService#detach(Volume)");

    private static ObjectName name(String template, String method) {
        try {
            return new ObjectName("dev.coordination:type=LockSite,template=" + ObjectName.quote(template) + ",method="
                    + ObjectName.quote(method));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void unregister() throws Exception {
        for (ObjectName name : new ObjectName[] {attach, detach}) {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        }
    }

    @Test
    void theDocsShowThisExampleExactly() throws Exception {
        String doc = Files.readString(DOC);
        String source = Files.readString(SOURCE);
        int start = doc.indexOf("```java\npackage dev.coordination.samples.boot;");
        assertThat(start).as("docs/metrics.md has the example's code block").isNotNegative();
        int from = start + "```java\n".length();
        String block = doc.substring(from, doc.indexOf("```\n", from));

        assertThat(block).isEqualTo(source);
    }

    @Test
    void lockSitesBecomeMetersTaggedWithTheTemplateIncludingOnesRegisteredLater() throws Exception {
        LockSiteStandIn before = new LockSiteStandIn("volume-{vol.id}", "VolumeService#attach(Volume)");
        before.acquisitions = 3;
        server.registerMBean(before, attach);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        new CoordinationMetrics().bindTo(registry);
        LockSiteStandIn later = new LockSiteStandIn("volume-{vol.id}", "VolumeService#detach(Volume)");
        later.acquisitions = 7;
        server.registerMBean(later, detach);
        before.acquisitions = 4;

        assertThat(registry.get("coordination.lock.acquisitions")
                        .tag("template", "volume-{vol.id}")
                        .tag("method", "VolumeService#attach(Volume)")
                        .functionCounter()
                        .count())
                .as("read at each collection")
                .isEqualTo(4);
        assertThat(registry.get("coordination.lock.acquisitions")
                        .tag("method", "VolumeService#detach(Volume)")
                        .functionCounter()
                        .count())
                .isEqualTo(7);
        assertThat(registry.get("coordination.lock.wait.max")
                        .tag("method", "VolumeService#attach(Volume)")
                        .gauge()
                        .value())
                .isEqualTo(5);
        server.unregisterMBean(detach);
        assertThat(registry.get("coordination.lock.holders")
                        .tag("method", "VolumeService#detach(Volume)")
                        .gauge()
                        .value())
                .as("gone: NaN")
                .isNaN();
    }
}
