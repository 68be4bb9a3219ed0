package dev.coordination.bench.latency;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.lock.FencedLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The second JVM of the contended benchmarks: THREADS threads take lock NAME in a loop for as long
 * as it runs, through the agent ({@code agent}: an {@code @Synchronized} section, the JVM started
 * with {@code -javaagent}) or through hand-written {@code FencedLock} code on Hazelcast 5.4.0
 * itself ({@code fenced SETTINGS}: a member or client of the baseline's cluster), or through
 * Curator's {@code InterProcessMutex} ({@code curator CONNECT}: the zookeeper group's baseline). Writes READY_FILE
 * once every thread has been through the section; on SIGTERM prints {@code RESULT sections=N
 * seconds=S}. Halts when the benchmark JVM that started it dies. Test class path.
 *
 * <p>{@code LockContender agent NAME THREADS READY_FILE} / {@code LockContender fenced NAME
 * THREADS READY_FILE SETTINGS}
 */
public final class LockContender {

    private LockContender() {}

    public static void main(String[] args) throws Exception {
        ParentWatch.haltWhenParentDies("LockContender");
        String name = args[1];
        int threads = Integer.parseInt(args[2]);
        Path ready = Path.of(args[3]);
        Runnable section;
        if (args[0].equals("agent")) {
            LockedSections sections = new LockedSections();
            section = () -> sections.empty(name);
        } else if (args[0].equals("curator")) {
            section = CuratorLatency.mutexSection(CuratorLatency.connect(args[4]), name);
        } else {
            HazelcastInstance instance = PlainHazelcast.start(Settings.parse(args[4]));
            FencedLock lock = instance.getCPSubsystem().getLock(name);
            section = () -> {
                lock.lock();
                lock.unlock();
            };
        }
        LongAdder sections = new LongAdder();
        CountDownLatch started = new CountDownLatch(threads);
        long begin = System.nanoTime();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> System.out.println(
                        "RESULT sections=" + sections.sum() + " seconds=" + (System.nanoTime() - begin) / 1e9)));
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(
                    () -> {
                        section.run();
                        started.countDown();
                        while (true) {
                            section.run();
                            sections.increment();
                        }
                    },
                    "contender-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        if (!started.await(180, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every thread took lock " + name + " within 180 s");
        }
        Files.writeString(ready, "ready");
        Thread.currentThread().join(); // until SIGTERM
    }
}
