package dev.coordination.it.apps;

import dev.coordination.Coordination;
import dev.coordination.LockAcquireFailedException;
import dev.coordination.Synchronized;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Reentrancy per virtual thread. A CP {@code FencedLock} belongs to a thread id, and virtual
 * threads share a few carrier threads: were the lock's owner the carrier, a second virtual thread
 * mounted on the holder's carrier would be let in as a reentrant holder. {@code VHOLD} has a
 * virtual thread take a lock through one annotated method and again through another inside it,
 * then stay inside; {@code VCONTEND} has other virtual threads, on the same few carriers, try it
 * without waiting; {@code VRELEASE} starts a virtual thread that waits for it, lets the holder go,
 * and reports whether the waiter got in only afterwards.
 */
final class VirtualHolds {

    static final long BOUND_SECONDS = 60;

    private final ConcurrentHashMap<String, Holder> holders = new ConcurrentHashMap<>();
    /** Threads inside a section of any name here, so an overlap with the holder shows. */
    private final AtomicInteger insideNow = new AtomicInteger();

    String hold(String name) throws Exception {
        Holder holder = new Holder();
        if (holders.putIfAbsent(name, holder) != null) {
            return "ERR " + name + " is held here already";
        }
        holder.thread = VirtualThreads.factory("holder-" + name + "-").newThread(() -> {
            try {
                outer(name, holder);
                holder.outcome = "ran";
            } catch (Throwable e) {
                holder.outcome = "threw " + ScenarioApp.oneLine(e);
                holder.inside.countDown();
            }
        });
        holder.thread.start();
        if (!holder.inside.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
            return "ERR the holder of " + name + " was not inside within " + BOUND_SECONDS + " s";
        }
        if (holder.outcome != null) {
            return "ERR the holder of " + name + " failed: " + holder.outcome;
        }
        return "OK virtual=" + VirtualThreads.isVirtual(holder.thread) + " threadId=" + holder.thread.getId()
                + " outer=" + holder.outerFence + " inner=" + holder.innerFence + " heldInner="
                + holder.heldInner + " carrier=" + holder.carrier;
    }

    @Synchronized("{name}")
    void outer(String name, Holder holder) throws InterruptedException {
        insideNow.incrementAndGet();
        try {
            holder.outerFence = Coordination.fence(name);
            inner(name, holder);
        } finally {
            insideNow.decrementAndGet();
        }
    }

    /** The same lock again: a timeout, so a broken reentrancy fails the call instead of hanging it. */
    @Synchronized(value = "{name}", timeout = 10)
    void inner(String name, Holder holder) throws InterruptedException {
        holder.innerFence = Coordination.fence(name);
        holder.heldInner = Coordination.getLock(name).isHeldByCurrentThread();
        holder.carrier = VirtualThreads.carrier();
        holder.inside.countDown();
        if (!holder.release.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
        }
    }

    /** {@code count} virtual threads each try the held lock once, without waiting. */
    String contend(String name, int count) throws Exception {
        Holder holder = holders.get(name);
        if (holder == null) {
            return "ERR nobody holds " + name + " here (VHOLD first)";
        }
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger entered = new AtomicInteger();
        AtomicInteger heldBefore = new AtomicInteger();
        Set<String> carriers = ConcurrentHashMap.newKeySet();
        ThreadFactory virtual = VirtualThreads.factory("contender-" + name + "-");
        // The scheduler may run a whole batch on the other carrier; batches go on (at most 10) until
        // one contender was refused on the carrier the holder took the lock on.
        int rounds = 0;
        while (rounds < 10 && !carriers.contains(holder.carrier)) {
            rounds++;
            CountDownLatch done = new CountDownLatch(count);
            for (int i = 0; i < count; i++) {
                virtual.newThread(() -> {
                            try {
                                carriers.add(VirtualThreads.carrier());
                                if (Coordination.getLock(name).isHeldByCurrentThread()) {
                                    heldBefore.incrementAndGet();
                                }
                                tryNow(name);
                                entered.incrementAndGet();
                            } catch (LockAcquireFailedException e) {
                                refused.incrementAndGet();
                            } finally {
                                done.countDown();
                            }
                        })
                        .start();
            }
            if (!done.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
                return "ERR " + done.getCount() + " contender(s) of " + name + " not done within " + BOUND_SECONDS
                        + " s";
            }
        }
        return "OK rounds=" + rounds + " refused=" + refused + " entered=" + entered + " heldBefore=" + heldBefore
                + " holderCarrierUsed=" + carriers.contains(holder.carrier) + " carriers="
                + String.join(",", new TreeSet<>(carriers));
    }

    @Synchronized(value = "{name}", blocking = false)
    void tryNow(String name) {
        insideNow.incrementAndGet();
        insideNow.decrementAndGet();
    }

    /** Starts a virtual thread that waits for the lock, then lets the holder go. */
    String release(String name) throws Exception {
        Holder holder = holders.remove(name);
        if (holder == null) {
            return "ERR nobody holds " + name + " here (VHOLD first)";
        }
        AtomicLongArray waiter = new AtomicLongArray(3); // fence, insideNow seen on entry, 1 if the body ran
        Thread thread = VirtualThreads.factory("waiter-" + name + "-").newThread(() -> take(name, waiter));
        thread.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!Jobs.waitingInAgent(thread)) {
            if (!thread.isAlive() || System.nanoTime() > deadline) {
                holder.release.countDown();
                return "ERR the waiter for " + name + " was not parked in the agent within " + BOUND_SECONDS
                        + " s (alive: " + thread.isAlive() + ", ran: " + (waiter.get(2) == 1) + ")";
            }
            Thread.sleep(10);
        }
        boolean ranBeforeRelease = waiter.get(2) == 1;
        holder.release.countDown();
        holder.thread.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        thread.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        if (holder.thread.isAlive() || thread.isAlive()) {
            return "ERR holder or waiter of " + name + " still running after " + BOUND_SECONDS + " s";
        }
        return "OK holder=" + holder.outcome + " waiterRan=" + (waiter.get(2) == 1) + " ranBeforeRelease="
                + ranBeforeRelease + " waiterFence=" + waiter.get(0) + " holderFence=" + holder.outerFence
                + " insideOnEntry=" + waiter.get(1) + " waiterVirtual=" + VirtualThreads.isVirtual(thread);
    }

    @Synchronized("{name}")
    void take(String name, AtomicLongArray waiter) {
        int others = insideNow.getAndIncrement();
        try {
            waiter.set(0, Coordination.fence(name));
            waiter.set(1, others);
            waiter.set(2, 1);
        } finally {
            insideNow.decrementAndGet();
        }
    }

    private static final class Holder {
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile Thread thread;
        volatile long outerFence;
        volatile long innerFence;
        volatile boolean heldInner;
        volatile String carrier;
        volatile String outcome;
    }
}
