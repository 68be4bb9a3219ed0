package dev.coordination.agent.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.coordination.agent.runtime.BackendUnavailableException;
import dev.coordination.agent.runtime.Glob;
import dev.coordination.agent.runtime.LockStripes;
import dev.coordination.agent.runtime.LockTimings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock names in use, for {@code Coordination.synchronizedRemove}: an ordinary (AP) Hazelcast
 * map from full lock name to the time it was last taken. Locking never reads it, so it is kept
 * loosely: written in batches every 100 ms after acquires, at most once a minute per name and JVM,
 * and bounded per member by eviction of the least recently used names. The CP locks themselves are
 * stripes ({@link LockStripes}) and hold no per-name state at all.
 */
final class NameDirectory {

    private static final Logger log = LoggerFactory.getLogger(NameDirectory.class);

    static final String MAP_NAME = "coordination-lock-names";
    /** Names kept per member before the least recently used are evicted. */
    static final int MAX_NAMES_PER_MEMBER = 250_000;
    /** A name this JVM took is written again after this long, so it stays recently used. */
    private static final long RENOTE_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Names this JVM remembers having written; cleared when full, which only costs writes. */
    private static final int NOTED_MAX = 16_384;

    private static final int REMOVE_BATCH = 1_000;

    /** Names are written in batches: one map call per flush instead of one per name. */
    private static final long FLUSH_MILLIS = 100;

    private static final int PENDING_MAX = 100_000;

    private final ConcurrentHashMap<String, Long> noted = new ConcurrentHashMap<>();
    private final Queue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final ScheduledExecutorService flusher =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("coordination-lock-names"));
    private volatile HazelcastInstance instance;

    /** Adds the directory's settings to a member configuration, unless the file configures the map itself. */
    static void configure(Config config) {
        if (config.getMapConfigOrNull(MAP_NAME) != null) {
            return;
        }
        MapConfig map = new MapConfig(MAP_NAME).setStatisticsEnabled(false);
        map.getEvictionConfig()
                .setEvictionPolicy(EvictionPolicy.LRU)
                .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                .setSize(MAX_NAMES_PER_MEMBER);
        config.addMapConfig(map);
    }

    void nameUsed(HazelcastInstance instance, String fullName) {
        long now = System.nanoTime();
        Long last = noted.get(fullName);
        if (last != null && now - last < RENOTE_NANOS) {
            return;
        }
        if (noted.size() >= NOTED_MAX) {
            noted.clear();
        }
        noted.put(fullName, now);
        if (pendingCount.incrementAndGet() > PENDING_MAX) {
            pendingCount.decrementAndGet();
            noted.remove(fullName); // the directory falls behind, locking never does
            return;
        }
        pending.add(fullName);
        this.instance = instance;
        if (flushing.compareAndSet(false, true)) {
            flusher.schedule(this::flush, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Writes the names noted since the last flush, in one batch per call. */
    private void flush() {
        flushing.set(false);
        HazelcastInstance target = instance;
        Map<String, Long> batch = new HashMap<>();
        long now = System.currentTimeMillis();
        for (String name; (name = pending.poll()) != null; ) {
            pendingCount.decrementAndGet();
            batch.put(name, now);
        }
        if (batch.isEmpty() || target == null) {
            return;
        }
        try {
            names(target)
                    .setAllAsync(batch)
                    .toCompletableFuture()
                    .get(LockTimings.UNANSWERED_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            batch.keySet().forEach(noted::remove); // written again on their next use
            log.debug("Could not record {} lock name(s) for synchronizedRemove: {}", batch.size(), e.toString());
        }
    }

    /** This JVM's names noted but not written yet are written before a removal looks. */
    private void flushNow() throws InterruptedException {
        try {
            flusher.submit(this::flush)
                    .get(LockTimings.UNANSWERED_NANOS + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Could not write the pending lock names before a removal: {}", e.toString());
        }
    }

    /** Forgets what this JVM wrote (after {@code Coordination.stop()}: the cluster may be another one). */
    void forgetLocal() {
        noted.clear();
        instance = null;
    }

    /**
     * Deletes the names under {@code prefix} whose rest matches {@code glob}, stripe by stripe,
     * skipping stripes held now (one of their names may be the held one).
     */
    int remove(HazelcastInstance instance, String prefix, Glob glob, LockStripes stripes, StripeProbe probe)
            throws InterruptedException {
        flushNow();
        IMap<String, Long> names = names(instance);
        Set<String> all = CpCalls.bounded(names::keySet, LockTimings.UNANSWERED_NANOS, "list the lock names");
        Map<Integer, List<String>> byStripe = new TreeMap<>();
        for (String fullName : all) {
            if (fullName.startsWith(prefix)) {
                String name = fullName.substring(prefix.length());
                if (glob.matches(name)) {
                    byStripe.computeIfAbsent(stripes.of(name), stripe -> new ArrayList<>())
                            .add(fullName);
                }
            }
        }
        List<String> free = new ArrayList<>();
        int skipped = 0;
        for (Map.Entry<Integer, List<String>> stripe : byStripe.entrySet()) {
            if (probe.isLocked(stripe.getKey())) {
                skipped += stripe.getValue().size();
            } else {
                free.addAll(stripe.getValue());
            }
        }
        for (int from = 0; from < free.size(); from += REMOVE_BATCH) {
            List<String> batch = free.subList(from, Math.min(free.size(), from + REMOVE_BATCH));
            CompletableFuture<?>[] deletes = new CompletableFuture<?>[batch.size()];
            for (int i = 0; i < deletes.length; i++) {
                noted.remove(batch.get(i));
                deletes[i] = names.deleteAsync(batch.get(i)).toCompletableFuture();
            }
            await(CompletableFuture.allOf(deletes));
        }
        if (skipped > 0) {
            log.info(
                    "synchronizedRemove(\"{}\") kept {} matching name(s) whose lock stripe is held now;"
                            + " a later call frees them",
                    glob.pattern(),
                    skipped);
        }
        return free.size();
    }

    private static void await(CompletableFuture<?> deletes) throws InterruptedException {
        try {
            deletes.get(LockTimings.UNANSWERED_NANOS, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new BackendUnavailableException(
                    "Hazelcast: deleting lock names got no answer within "
                            + TimeUnit.NANOSECONDS.toSeconds(LockTimings.UNANSWERED_NANOS) + "s",
                    e);
        } catch (ExecutionException e) {
            throw new BackendUnavailableException(
                    "Hazelcast: could not delete lock names (" + e.getCause() + ")", e.getCause());
        }
    }

    private static IMap<String, Long> names(HazelcastInstance instance) {
        return instance.getMap(MAP_NAME);
    }

    /** Whether a stripe's CP lock is held by anybody right now. */
    interface StripeProbe {
        boolean isLocked(int stripe) throws InterruptedException;
    }
}
