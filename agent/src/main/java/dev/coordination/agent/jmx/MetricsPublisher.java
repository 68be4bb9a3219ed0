package dev.coordination.agent.jmx;

import dev.coordination.agent.runtime.ConsensusGroup;
import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockRuntime;
import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.runtime.LockSites;
import dev.coordination.agent.runtime.LockStats;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the scrapeable MBeans ({@link MetricNames}) in the platform MBean server in step with the
 * agent, on a daemon thread of its own: one {@link LockSiteView} per template and method (and one
 * for {@code Coordination.getLock}), registered as soon as a class with locked methods loads (the
 * class loader only wakes this thread); and, every {@link #RESYNC_SECONDS} seconds, one {@link
 * CpGroupView} per CP group this member is in and one {@link CpSubsystemView} while it takes part in
 * a CP subsystem. Nothing here runs per call. A failure is logged and never stops the agent. Lives
 * in the agent jar's loader.
 */
public final class MetricsPublisher {

    static final long RESYNC_SECONDS = 5;

    private static final Logger log = LoggerFactory.getLogger(MetricsPublisher.class);

    /** Null for a publisher of the CP MBeans only ({@link #publishCpInBackground}). */
    private final LockSites sites;

    private final LockRuntime runtime;
    private final CpSource cp;
    private final Semaphore changed = new Semaphore(0);
    private final Map<Labels, LockSiteView> siteViews = new HashMap<>();
    private final Set<ObjectName> cpNames = new HashSet<>();
    private boolean failedBefore;
    private boolean refusedBefore;

    MetricsPublisher(LockSites sites, LockRuntime runtime, CpSource cp) {
        this.sites = sites;
        this.runtime = runtime;
        this.cp = cp;
        if (sites != null) {
            sites.onChange(changed::release);
        }
    }

    /** Starts publishing an application JVM's MBeans on a daemon thread; returns it. */
    public static Thread publishInBackground(LockSites sites, LockRuntime runtime, LockBackend backend) {
        return start(new MetricsPublisher(sites, runtime, CpSource.of(backend)));
    }

    /** Starts publishing the CP MBeans of a member without locked methods (the {@code member} command). */
    public static Thread publishCpInBackground(CpSource cp) {
        return start(new MetricsPublisher(null, null, cp));
    }

    private static Thread start(MetricsPublisher publisher) {
        Thread thread =
                new Thread(() -> publisher.run(ManagementFactory::getPlatformMBeanServer), "coordination-metrics");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void run(Supplier<MBeanServer> servers) {
        MBeanServer server;
        try {
            server = servers.get();
        } catch (RuntimeException | LinkageError e) {
            log.warn("JMX: no MBean server ({}); the lock metrics are not published", e.toString());
            return;
        }
        try {
            while (true) {
                sync(server);
                changed.tryAcquire(RESYNC_SECONDS, TimeUnit.SECONDS);
                changed.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Registers what is new and drops what is gone; never throws. */
    void sync(MBeanServer server) {
        try {
            if (sites != null) {
                syncSites(server);
            }
            syncCp(server);
        } catch (RuntimeException | LinkageError e) {
            if (!failedBefore) {
                log.warn(
                        "JMX: could not publish the lock metrics ({}); trying again every {} s",
                        e.toString(),
                        RESYNC_SECONDS);
            }
            failedBefore = true;
        }
    }

    private void syncSites(MBeanServer server) {
        Map<Labels, List<LockStats>> current = new LinkedHashMap<>();
        for (LockSite site : sites.all()) {
            Labels labels = new Labels(MetricNames.templateLabel(site.templateSources()), site.label());
            current.computeIfAbsent(labels, key -> new ArrayList<>()).add(site.stats());
        }
        current.put(new Labels(MetricNames.FACADE, MetricNames.FACADE), List.of(runtime.facadeStats()));
        for (Map.Entry<Labels, List<LockStats>> entry : current.entrySet()) {
            Labels labels = entry.getKey();
            LockSiteView view = siteViews.get(labels);
            if (view != null) {
                view.use(entry.getValue());
                continue;
            }
            view = new LockSiteView(labels.template, labels.method, entry.getValue());
            siteViews.put(labels, view);
            register(server, view, MetricNames.lockSite(labels.template, labels.method));
        }
    }

    /** What names one lock-site MBean: sites with the same labels share it. */
    private record Labels(String template, String method) {}

    private void syncCp(MBeanServer server) {
        Map<ObjectName, Supplier<Object>> wanted = new HashMap<>();
        if (cp.cpStatus() != null) {
            wanted.put(MetricNames.cpSubsystem(), () -> new CpSubsystemView(cp));
            for (ConsensusGroup group : cp.consensusGroups()) {
                wanted.put(MetricNames.cpGroup(group.name()), () -> new CpGroupView(group.name(), cp));
            }
        }
        for (ObjectName gone : new ArrayList<>(cpNames)) {
            if (!wanted.containsKey(gone)) {
                cpNames.remove(gone);
                unregister(server, gone);
            }
        }
        for (Map.Entry<ObjectName, Supplier<Object>> entry : wanted.entrySet()) {
            if (cpNames.add(entry.getKey())) {
                register(server, entry.getValue().get(), entry.getKey());
            }
        }
    }

    private void register(MBeanServer server, Object view, ObjectName name) {
        try {
            server.registerMBean(view, name);
        } catch (JMException e) {
            if (!refusedBefore) {
                log.warn(
                        "JMX: could not register {} ({}; a second coordination agent in this JVM?);"
                                + " further names refused are logged at DEBUG",
                        name,
                        e.toString());
            } else {
                log.debug("JMX: could not register {}: {}", name, e.toString());
            }
            refusedBefore = true;
        }
    }

    private static void unregister(MBeanServer server, ObjectName name) {
        try {
            server.unregisterMBean(name);
        } catch (JMException e) {
            log.debug("JMX: could not unregister {}: {}", name, e.toString());
        }
    }
}
