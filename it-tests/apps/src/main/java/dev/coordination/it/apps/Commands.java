package dev.coordination.it.apps;

import dev.coordination.Coordination;
import dev.coordination.DistributedLock;
import dev.coordination.LockAcquireFailedException;
import dev.coordination.LockLostException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The commands of {@link ScenarioApp}, one per scenario step. Arguments are separated by single
 * spaces; lock names and tags never contain one.
 * <ul>
 *   <li>{@code WARMUP NAME SECONDS}: takes and frees {@code Coordination.getLock(NAME)}, waiting
 *       at most SECONDS (the first lock waits for the cluster to form); {@code lost=true} when the
 *       lock was had but its session ended before the release;
 *   <li>{@code COUNT PREFIX LOCKS THREADS CALLS}: {@link CounterSections};
 *   <li>{@code PAIRS A B THREADS CALLS}: {@link PairService};
 *   <li>{@code THROW checked|unchecked|error NAME}, {@code TRY NAME}, {@code REENTER NAME}:
 *       {@link ExitService};
 *   <li>{@code START TAG hold|wait NAME}, {@code START TAG write NAME STORE}, {@code START TAG nest
 *       OUTER>INNER}, {@code INTERRUPT TAG}, {@code RELEASE TAG}, {@code GO TAG}, {@code JOIN
 *       TAG SECONDS}: {@link Jobs};
 *   <li>{@code TIMED NAME}, {@code TRYNOW NAME}: {@link TimedService};
 *   <li>{@code BAD CASE}, {@code LOADRUN CLASSES_DIR CLASS ARG}: {@link BadTemplates};
 *   <li>{@code NAMES}, {@code HEAP}, {@code REMOVE}, {@code FALSE}: {@link NameChurn};
 *   <li>{@code HOLDERS}, {@code HOLDERSTOP}, {@code TRYFREE}, {@code LOCKFREE}, {@code COVER}:
 *       {@link StripeLoad};
 *   <li>{@code STOP}, {@code RESTART}: {@code Coordination.stop()} / {@code start()};
 *   <li>{@code LATENCY NAME CALLS}: {@link LatencyLoop};
 *   <li>{@code VCOUNT PREFIX LOCKS THREADS CALLS}: {@code COUNT} on virtual threads (Java 21+);
 *   <li>{@code VHOLD NAME}, {@code VCONTEND NAME COUNT}, {@code VRELEASE NAME}: {@link VirtualHolds};
 *   <li>{@code VSTALL NAME WAITERS HOLD_MILLIS [monitor]}: {@link CarrierStall};
 *   <li>{@code PINNED}, {@code PINCONTROL}: {@link PinnedEvents};
 *   <li>{@code WORK TAG STORE THREADS NAMES}, {@code WORKSTOP TAG}: {@link FencedWorkers};
 *   <li>{@code CHAOS DIR STORE THREADS NAMES}, {@code CHAOSSTOP SECONDS}: {@link ChaosWorkers};
 *   <li>{@code WRITE TAG STORE}: the job's name and fence written to the store ({@link Jobs});
 *   <li>{@code CPGROUPS}: {@link ConsensusGroups};
 *   <li>{@code SOAK NAME THREADS OPS WAIT_MILLIS wait|try|churn}: {@link SoakLoad};
 *   <li>{@code MODE}: the {@code ClusterMode} attribute of this JVM's {@code dev.coordination:type=Locks}
 *       MBean, as {@code OK message=MODE};
 *   <li>{@code EXIT}: replies, then ends the JVM with {@code System.exit(0)} ({@link ScenarioApp}),
 *       locks held by jobs included.
 * </ul>
 */
final class Commands {

    private final Path dir;
    private final String jvm;
    private final ExitService exits = new ExitService();
    private final TimedService timed = new TimedService();
    private final Jobs jobs;
    private final VirtualHolds virtualHolds = new VirtualHolds();
    private final FencedWorkers workers;
    private final ChaosWorkers chaos;
    private final StripeLoad stripeLoad = new StripeLoad();

    Commands(Path dir, String jvm) {
        this.dir = dir;
        this.jvm = jvm;
        this.jobs = new Jobs(dir);
        this.workers = new FencedWorkers(dir, jvm);
        this.chaos = new ChaosWorkers(jvm);
    }

    String run(String[] words) throws Exception {
        switch (words[0]) {
            case "PING":
                return "OK jvm=" + jvm + " active=" + Coordination.isActive() + " memberId="
                        + Coordination.memberId() + " javaVersion="
                        + System.getProperty("java.version") + " javaHome=" + System.getProperty("java.home");
            case "WARMUP":
                return warmup(words[1], Long.parseLong(words[2]));
            case "COUNT":
                return new CounterSections(dir, jvm)
                        .run(
                                words[1],
                                Integer.parseInt(words[2]),
                                Integer.parseInt(words[3]),
                                Integer.parseInt(words[4]));
            case "PAIRS":
                return new PairService(dir)
                        .run(words[1], words[2], Integer.parseInt(words[3]), Integer.parseInt(words[4]));
            case "THROW":
                return exits.throwFrom(words[1], words[2]);
            case "TRY":
                return tryNow(words[1]);
            case "REENTER":
                return exits.reenterAndCheck(words[1]);
            case "START":
                return words.length > 4
                        ? jobs.start(words[1], words[2], words[3], new StoreClient(Path.of(words[4]), jvm))
                        : jobs.start(words[1], words[2], words[3]);
            case "INTERRUPT":
                return jobs.interrupt(words[1]);
            case "RELEASE":
                return jobs.release(words[1]);
            case "GO":
                return jobs.go(words[1]);
            case "JOIN":
                return jobs.join(words[1], Long.parseLong(words[2]));
            case "TIMED":
                return timed.call(words[1]);
            case "TRYNOW":
                return timed.tryNow(words[1]);
            case "BAD":
                return BadTemplates.call(words[1]);
            case "LOADRUN":
                return BadTemplates.loadAndRun(Path.of(words[1]), words[2], words[3]);
            case "NAMES":
                return NameChurn.lockMany(words[1], Integer.parseInt(words[2]));
            case "HEAP":
                return NameChurn.heap();
            case "REMOVE":
                return NameChurn.remove(words[1]);
            case "FALSE":
                return NameChurn.falseContention(Integer.parseInt(words[1]), Long.parseLong(words[2]));
            case "HOLDERS":
                return stripeLoad.startHolders(words[1], Integer.parseInt(words[2]), Long.parseLong(words[3]));
            case "HOLDERSTOP":
                return stripeLoad.stopHolders();
            case "TRYFREE":
                return StripeLoad.tryFree(words[1], Integer.parseInt(words[2]));
            case "LOCKFREE":
                return StripeLoad.lockFree(words[1], Integer.parseInt(words[2]));
            case "COVER":
                return StripeLoad.cover(words[1], Integer.parseInt(words[2]));
            case "STOP":
                Coordination.stop();
                return "OK stopped";
            case "RESTART":
                Coordination.start();
                return "OK started";
            case "LATENCY":
                return new LatencyLoop().run(words[1], Integer.parseInt(words[2]));
            case "VCOUNT":
                return virtualCount(
                        words[1], Integer.parseInt(words[2]), Integer.parseInt(words[3]), Integer.parseInt(words[4]));
            case "VHOLD":
                return virtualHolds.hold(words[1]);
            case "VCONTEND":
                return virtualHolds.contend(words[1], Integer.parseInt(words[2]));
            case "VRELEASE":
                return virtualHolds.release(words[1]);
            case "VSTALL":
                return new CarrierStall()
                        .run(
                                words[1],
                                Integer.parseInt(words[2]),
                                Long.parseLong(words[3]),
                                words.length > 4 && words[4].equals("monitor"));
            case "PINNED":
                return PinnedEvents.summary();
            case "PINCONTROL":
                return PinnedEvents.pinOnce();
            case "WORK":
                return workers.start(words[1], words[2], Integer.parseInt(words[3]), words[4]);
            case "WORKSTOP":
                return workers.stop(words[1]);
            case "CHAOS":
                return chaos.start(Path.of(words[1]), Path.of(words[2]), Integer.parseInt(words[3]), words[4]);
            case "CHAOSSTOP":
                return chaos.stop(Long.parseLong(words[1]));
            case "WRITE":
                return jobs.write(words[1], new StoreClient(Path.of(words[2]), jvm));
            case "CPGROUPS":
                return ConsensusGroups.read();
            case "SOAK":
                return SoakLoad.run(
                        words[1],
                        Integer.parseInt(words[2]),
                        Integer.parseInt(words[3]),
                        Long.parseLong(words[4]),
                        words[5]);
            case "MODE":
                return clusterMode();
            case "EXIT":
                return "OK exiting";
            default:
                return "ERR unknown command " + words[0];
        }
    }

    private static String warmup(String name, long seconds) throws InterruptedException {
        long start = System.nanoTime();
        DistributedLock lock = Coordination.getLock(name);
        if (!lock.tryLock(seconds, TimeUnit.SECONDS)) {
            return "ERR lock " + name + " not acquired within " + seconds + " s";
        }
        String lost = "";
        try {
            lock.unlock();
        } catch (LockLostException e) {
            // It was had, so the JVM locks: under a chaos run's faults its session can end meanwhile.
            lost = " lost=true";
        }
        return "OK millis=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + lost;
    }

    /** The agent registers its MBean on a thread of its own shortly after start: waits for it, bounded. */
    private static String clusterMode() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName locks = new ObjectName("dev.coordination:type=Locks");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!server.isRegistered(locks)) {
            if (System.nanoTime() > deadline) {
                return "ERR " + locks + " not registered within 30 s";
            }
            Thread.sleep(20);
        }
        return "OK message=" + server.getAttribute(locks, "ClusterMode");
    }

    /** {@code COUNT} on virtual threads; {@code virtual=} says how many of the threads were virtual. */
    private String virtualCount(String prefix, int locks, int threads, int calls) throws Exception {
        ThreadFactory virtual = VirtualThreads.factory("vcount-");
        AtomicInteger made = new AtomicInteger();
        String reply = new CounterSections(dir, jvm).run(prefix, locks, threads, calls, task -> {
            Thread thread = virtual.newThread(task);
            made.addAndGet(VirtualThreads.isVirtual(thread) ? 1 : 0);
            return thread;
        });
        return reply + " virtual=" + made.get();
    }

    private String tryNow(String name) {
        try {
            return "OK fence=" + exits.tryNow(name);
        } catch (LockAcquireFailedException e) {
            return "ERR taken lockName=" + e.lockName() + " message=" + e.getMessage();
        }
    }
}
