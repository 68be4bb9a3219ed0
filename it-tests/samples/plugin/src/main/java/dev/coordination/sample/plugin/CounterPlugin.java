package dev.coordination.sample.plugin;

import dev.coordination.Coordination;
import dev.coordination.LockAcquireFailedException;
import dev.coordination.LockTemplateException;
import dev.coordination.support.SharedCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A plugin as a plugin host sees it: a class in a jar of its own, loaded by the host through a class
 * loader of the plugin's, and driven through a JDK interface only, since the host and the plugin
 * share no other class. {@code apply} takes one command (words separated by spaces) and answers
 * with {@code key=value} pairs:
 * <ul>
 *   <li>{@code warmup SECONDS}: takes and frees a lock, which waits for the cluster;
 *   <li>{@code count DIR OWNER THREADS CALLS}: THREADS threads make CALLS locked increments each of
 *       a counter file in DIR;
 *   <li>{@code hold DIR ITEM}: holds ITEM's lock, announced by file {@code inside} (its fence), until
 *       file {@code release} appears;
 *   <li>{@code contend DIR ITEM}: against a held ITEM, calls once with {@code blocking=false}, then
 *       creates {@code release} and waits for the lock;
 *   <li>{@code nullItem}: calls a method whose template meets a null.
 * </ul>
 * The exceptions are caught here, by the plugin's own code: {@code ...ExceptionLoader=plugin} says
 * the exception's class is the one the plugin's loader holds.
 */
public final class CounterPlugin implements Function<String, String> {

    static final long BOUND_SECONDS = 90;

    @Override
    public String apply(String command) {
        String[] words = command.split(" ");
        try {
            switch (words[0]) {
                case "warmup":
                    return warmup(Long.parseLong(words[1]));
                case "count":
                    return count(Paths.get(words[1]), words[2], Integer.parseInt(words[3]), Integer.parseInt(words[4]));
                case "hold":
                    return hold(Paths.get(words[1]), words[2]);
                case "contend":
                    return contend(Paths.get(words[1]), words[2]);
                case "nullItem":
                    return nullItem();
                default:
                    throw new IllegalArgumentException("unknown plugin command " + words[0]);
            }
        } catch (Exception e) {
            throw new IllegalStateException("plugin command " + command + " failed: " + e, e);
        }
    }

    private static String warmup(long seconds) throws InterruptedException {
        if (!Coordination.getLock("warmup").tryLock(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no warmup lock within " + seconds + " s");
        }
        Coordination.getLock("warmup").unlock();
        return "warm=true";
    }

    private static String count(Path dir, String owner, int threads, int calls) throws InterruptedException {
        PluginSections sections = new PluginSections(new SharedCounters(dir, owner));
        AtomicLong failures = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < calls; i++) {
                    try {
                        sections.increment("shared");
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        e.printStackTrace();
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return "failures=" + failures.get() + " maxHolders=" + sections.maxHolders();
    }

    private static String hold(Path dir, String item) throws Exception {
        new PluginSections(new SharedCounters(dir, "holder")).holdUntilReleased(item, dir);
        return "held=item-" + item;
    }

    private static String contend(Path dir, String item) throws Exception {
        awaitFile(dir.resolve("inside"));
        PluginSections sections = new PluginSections(new SharedCounters(dir, "contender"));
        String tryOnce;
        try {
            sections.tryOnce(item);
            tryOnce = "tryOnce=ran";
        } catch (LockAcquireFailedException e) {
            tryOnce = "tryOnce=failed lockName=" + e.lockName() + " tryOnceBodyRan=" + sections.bodyRan.get()
                    + " tryOnceExceptionLoader=" + loaderOf(e);
        }
        Files.createFile(dir.resolve("release"));
        long fence = sections.waitForIt(item);
        long holderFence =
                Long.parseLong(Files.readString(dir.resolve("inside")).trim());
        return tryOnce + " fenceGrew=" + (fence > holderFence);
    }

    private static String nullItem() {
        PluginSections sections = new PluginSections(null);
        try {
            sections.increment(null);
            return "nullItem=ran";
        } catch (LockTemplateException e) {
            return "nullItem=" + e.getClass().getSimpleName() + " nullItemBodyRan=" + sections.bodyRan.get()
                    + " nullItemExceptionLoader=" + loaderOf(e);
        }
    }

    private static String loaderOf(RuntimeException e) {
        return e.getClass().getClassLoader() == CounterPlugin.class.getClassLoader() ? "plugin" : "other";
    }

    static void awaitFile(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting " + BOUND_SECONDS + " s for " + file);
            }
            Thread.sleep(10);
        }
    }
}
