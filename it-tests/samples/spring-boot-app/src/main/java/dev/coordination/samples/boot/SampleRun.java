package dev.coordination.samples.boot;

import ch.qos.logback.classic.LoggerContext;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.BuildInfoProvider;
import dev.coordination.Coordination;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import net.bytebuddy.ByteBuddy;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The work, once the context is up; steered through files in {@code sample.dir} so two JVMs run
 * at the same time: writes {@code ready-PID}, waits for {@code go}, runs the unlocked control and
 * then the locked calls on THREADS threads, writes {@code done-PID}, waits for {@code finish} (so
 * both JVMs' members are still up while the other works), then prints {@code RESULT key=value}
 * lines on standard output.
 */
@Component
class SampleRun implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SampleRun.class);
    private static final long BOUND_SECONDS = 120;
    static final String LOCKED_KEY = "shared";
    static final String UNLOCKED_KEY = "unlocked";

    private final CounterService service;
    private final GeneratedSteps generated;
    private final SharedCounter counter;
    private final HazelcastInstance hazelcast;
    private final Config hazelcastConfig;
    private final Path dir;
    private final int threads;
    private final int calls;

    SampleRun(
            CounterService service,
            GeneratedSteps generated,
            SharedCounter counter,
            HazelcastInstance hazelcast,
            Config hazelcastConfig,
            @Value("${sample.dir}") String dir,
            @Value("${sample.threads:3}") int threads,
            @Value("${sample.calls:80}") int calls) {
        this.service = service;
        this.generated = generated;
        this.counter = counter;
        this.hazelcast = hazelcast;
        this.hazelcastConfig = hazelcastConfig;
        this.dir = Paths.get(dir);
        this.threads = threads;
        this.calls = calls;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        String pid = Long.toString(ProcessHandle.current().pid());
        // The agent's member starts in the background; a first lock waits for it, so the second
        // JVM joins this one's cluster instead of forming its own.
        if (!Coordination.getLock("boot-warmup").tryLock(BOUND_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the agent's lock cluster did not come up within " + BOUND_SECONDS + " s");
        }
        Coordination.getLock("boot-warmup").unlock();
        Files.createFile(dir.resolve("ready-" + pid));
        log.info("sample ready: pid {}, {} thread(s) x {} call(s)", pid, threads, calls);
        awaitFile(dir.resolve("go"));
        int members = hazelcast.getCluster().getMembers().size();

        AtomicLong failures = new AtomicLong();
        runOnThreads(failures, i -> service.addUnlocked(UNLOCKED_KEY), Math.max(1, calls / 4));
        AtomicLong[] byPath = {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()};
        runOnThreads(
                failures,
                i -> {
                    switch (i % 4) {
                        case 0:
                            service.addThroughBean(LOCKED_KEY);
                            break;
                        case 1:
                            service.addThroughSelfCall(LOCKED_KEY);
                            break;
                        case 2:
                            service.addThroughPrivateMethod(LOCKED_KEY);
                            break;
                        default:
                            generated.step().add(LOCKED_KEY);
                            break;
                    }
                    byPath[i % 4].incrementAndGet();
                },
                calls);
        log.info("sample calls done: pid {}, failures {}", pid, failures.get());
        Files.createFile(dir.resolve("done-" + pid));
        awaitFile(dir.resolve("finish"));

        ILoggerFactory loggers = LoggerFactory.getILoggerFactory();
        result("failures", failures.get());
        result("throughBean", byPath[0].get());
        result("selfInvoked", byPath[1].get());
        result("privateMethod", byPath[2].get());
        result("generatedClass", byPath[3].get());
        result("count", counter.count(LOCKED_KEY));
        result("maxHolders", counter.maxHolders());
        result("fenceRegressions", counter.fenceRegressions());
        result("unlockedCount", counter.count(UNLOCKED_KEY));
        result("unlockedMaxHolders", counter.maxUnlockedHolders());
        result("coordinationActive", Coordination.isActive());
        result("appClusterMembers", members);
        result("appClusterName", hazelcast.getConfig().getClusterName());
        result("appHazelcastVersion", BuildInfoProvider.getBuildInfo().getVersion());
        result("appHazelcastDefaults", hazelcastConfig.getConfigurationUrl());
        result("appHazelcastJar", where(HazelcastInstance.class));
        result("appByteBuddyJar", where(ByteBuddy.class));
        result(
                "generatedClassLoader",
                generated.step().getClass().getClassLoader().getClass().getName());
        result("slf4jJar", where(LoggerFactory.class));
        result("slf4jLoggerFactory", loggers.getClass().getName());
        result("logbackBirthMillis", ((LoggerContext) loggers).getBirthTime());
        result("mainStartedMillis", BootSampleApplication.mainStartedMillis);
        log.info("sample finished: pid {}", pid);
    }

    private interface Call {
        void run(int i);
    }

    private void runOnThreads(AtomicLong failures, Call call, int callsPerThread) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread worker = new Thread(
                    () -> {
                        for (int i = 0; i < callsPerThread; i++) {
                            try {
                                call.run(i + offset);
                            } catch (RuntimeException e) {
                                failures.incrementAndGet();
                                log.error("call failed", e);
                            }
                        }
                    },
                    "sample-worker-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    private static String where(Class<?> type) {
        return String.valueOf(type.getProtectionDomain().getCodeSource().getLocation());
    }

    private static void result(String key, Object value) {
        System.out.println("RESULT " + key + "=" + value);
    }

    private static void awaitFile(Path file) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no " + file + " within " + BOUND_SECONDS + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
