package dev.coordination.samples.boot;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.ObjectName;

/** coordination's lock metrics and CP health, read from its MBeans, as Micrometer meters. */
public class CoordinationMetrics implements MeterBinder {

    private static final Map<String, String> SITE_COUNTERS = Map.of(
            "Acquisitions", "coordination.lock.acquisitions",
            "Failures", "coordination.lock.failures",
            "Deadlocks", "coordination.lock.deadlocks",
            "TemplateErrors", "coordination.lock.template_errors",
            "LocksLost", "coordination.lock.locks_lost",
            "Releases", "coordination.lock.releases",
            "WaitMillisTotal", "coordination.lock.wait.time",
            "HoldMillisTotal", "coordination.lock.hold.time");
    private static final Map<String, String> SITE_GAUGES = Map.of(
            "Holders", "coordination.lock.holders",
            "WaitMillisMax", "coordination.lock.wait.max",
            "HoldMillisMax", "coordination.lock.hold.max");
    private static final Map<String, String> GROUP_GAUGES = Map.of(
            "Term", "coordination.cp.group.term",
            "CommitIndex", "coordination.cp.group.commit_index",
            "Sessions", "coordination.cp.group.sessions",
            "LocalLeader", "coordination.cp.group.local_leader",
            "LeaderKnown", "coordination.cp.group.leader_known");
    private static final Map<String, String> SUBSYSTEM_GAUGES = Map.of(
            "CpMembers", "coordination.cp.members",
            "MissingCpMembers", "coordination.cp.missing_members");

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    /** The names meters read (Micrometer keeps only weak references to them). */
    private final Set<ObjectName> bound = ConcurrentHashMap.newKeySet();

    @Override
    public void bindTo(MeterRegistry registry) {
        try {
            // MBeans registered later (a class that loads after start, a CP group joined) too.
            server.addNotificationListener(
                    MBeanServerDelegate.DELEGATE_NAME,
                    (notification, handback) -> {
                        if (notification instanceof MBeanServerNotification registered
                                && registered.getType().equals(MBeanServerNotification.REGISTRATION_NOTIFICATION)) {
                            bind(registry, registered.getMBeanName());
                        }
                    },
                    null,
                    null);
            for (ObjectName name : server.queryNames(new ObjectName("dev.coordination:*"), null)) {
                bind(registry, name);
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot read coordination's MBeans", e);
        }
    }

    private void bind(MeterRegistry registry, ObjectName name) {
        if (!name.getDomain().equals("dev.coordination") || name.getKeyProperty("type") == null || !bound.add(name)) {
            return;
        }
        switch (name.getKeyProperty("type")) {
            case "LockSite" -> {
                Tags tags = Tags.of("template", text(name, "Template"), "method", text(name, "Method"));
                SITE_COUNTERS.forEach(
                        (attribute, meter) -> FunctionCounter.builder(meter, name, bean -> number(bean, attribute))
                                .tags(tags)
                                .register(registry));
                gauges(registry, name, SITE_GAUGES, tags);
            }
            case "CpGroup" -> gauges(registry, name, GROUP_GAUGES, Tags.of("group", text(name, "Group")));
            case "CpSubsystem" -> gauges(registry, name, SUBSYSTEM_GAUGES, Tags.empty());
            default -> {}
        }
    }

    private void gauges(MeterRegistry registry, ObjectName name, Map<String, String> gauges, Tags tags) {
        gauges.forEach((attribute, meter) -> Gauge.builder(meter, name, bean -> number(bean, attribute))
                .tags(tags)
                .register(registry));
    }

    private String text(ObjectName name, String attribute) {
        try {
            return String.valueOf(server.getAttribute(name, attribute));
        } catch (JMException e) {
            return "";
        }
    }

    /** NaN once the MBean is gone (a CP group this member left). */
    private double number(ObjectName name, String attribute) {
        try {
            return ((Number) server.getAttribute(name, attribute)).doubleValue();
        } catch (JMException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
