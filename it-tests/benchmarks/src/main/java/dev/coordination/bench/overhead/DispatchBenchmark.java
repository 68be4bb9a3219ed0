package dev.coordination.bench.overhead;

import dev.coordination.agent.runtime.Deadline;
import dev.coordination.agent.runtime.Glob;
import dev.coordination.agent.runtime.LockBackend;
import dev.coordination.agent.runtime.LockRuntime;
import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.runtime.LockSites;
import dev.coordination.agent.runtime.LockStripes;
import dev.coordination.agent.runtime.StripeLock;
import dev.coordination.agent.template.MethodShape;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The agent's own share of one call, which the cluster round trips of {@link AgentCallBenchmark}
 * drown in noise: the dispatcher ({@link LockRuntime}, as the advice calls it) on a backend whose
 * locks are granted at once, in memory. Everything but the Hazelcast call: site look-up, rendering,
 * reentrancy bookkeeping, stripes, statistics, logging guards. The agent's classes come from its
 * jar on the class path; no agent runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
public class DispatchBenchmark {

    private final LockSites sites = new LockSites();
    private final LockRuntime runtime = new LockRuntime(sites, new GrantingBackend(), "");
    private final int constantSite = sites.register(site("locked", List.of(), List.of(), List.of(LockedSections.NAME)));
    private final int templateSite = sites.register(
            site("lockedVolume", List.of("volumeId"), List.of(String.class.getName()), List.of("volume-{volumeId}")));
    private final int twoNameSite = sites.register(site(
            "copy",
            List.of("src", "dst"),
            List.of(String.class.getName(), String.class.getName()),
            List.of("volume-{src}", "volume-{dst}")));

    private static LockSite site(String method, List<String> names, List<String> types, List<String> templates) {
        MethodShape shape = new MethodShape(LockedSections.class.getName(), method, names, true, types, false);
        return LockSite.compile(
                shape, templates, true, -1, TimeUnit.SECONDS, null, DispatchBenchmark.class.getClassLoader());
    }

    /** As the advice does: a fresh arguments array per call, then enter, body, exit. */
    @Benchmark
    public Object constantName() {
        Object held = runtime.enter(constantSite, this, new Object[0]);
        runtime.exit(held, null);
        return held;
    }

    @Benchmark
    public Object renderedName() {
        Object held = runtime.enter(templateSite, this, new Object[] {AgentCallBenchmark.VOLUME_ID});
        runtime.exit(held, null);
        return held;
    }

    @Benchmark
    public Object twoNames() {
        Object held = runtime.enter(twoNameSite, this, new Object[] {"0f6b1d4c-src", "9a0b3c8e-dst"});
        runtime.exit(held, null);
        return held;
    }

    /** {@code Coordination.getLock(name).lock()/unlock()} below the facade's method handles. */
    @Benchmark
    public Object facade() {
        Object lock = runtime.getLock(LockedSections.NAME, DispatchBenchmark.class);
        runtime.lock(lock);
        runtime.unlock(lock);
        return lock;
    }

    /** Grants every lock at once; one shared lock object, as the real backend has one per stripe. */
    static final class GrantingBackend implements LockBackend {

        private static final LockStripes STRIPES = new LockStripes(65_536);

        @Override
        public LockStripes stripes() {
            return STRIPES;
        }

        private volatile String refusal;

        private final StripeLock granted = new StripeLock() {
            private long fence;

            @Override
            public String name() {
                return "granted";
            }

            @Override
            public long acquire(Deadline deadline, long startNanos, long nameTag) {
                return ++fence;
            }

            @Override
            public void release() {}
        };

        @Override
        public StripeLock lock(int stripe, long readyWaitNanos) {
            return granted;
        }

        @Override
        public void nameUsed(String fullName) {}

        @Override
        public int removeNames(String prefix, Glob glob) {
            return 0;
        }

        @Override
        public String memberId() {
            return "bench";
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public String status() {
            return "granting";
        }

        /** A volatile read, as the real backend's: the one check every call makes before acquiring. */
        @Override
        public String refusal() {
            return refusal;
        }

        @Override
        public String clusterMode() {
            return "granting";
        }

        @Override
        public void start() {}

        @Override
        public void stop() {}
    }
}
