package dev.coordination.it;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Plays a {@link Schedule} against a topology: each fault on a thread of its own, from its planned
 * start for its planned length, so faults overlap as drawn. Two rules hold at run time whatever the
 * machine's timing: one process fault at a time per host, and a CP member's replacement never runs
 * beside another fault on the CP members (each waits for the other, starting late rather than
 * breaking the rule). At the end of the window every fault still in force ends at once, every
 * link is mended, and the final {@code HEAL} is logged.
 */
final class Nemesis {

    /** How long the final heal waits for faults to end (a member replacement may be mid-way). */
    private static final long END_SECONDS = 240;

    private final Topology topology;
    private final Layout layout;
    private final Cuts cuts;
    private final NemesisLog log;
    private final Map<Integer, Lock> hostLocks = new TreeMap<>();
    private final ReentrantReadWriteLock quorumGate = new ReentrantReadWriteLock(true);
    private final Object endSignal = new Object();
    private volatile boolean ending;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<String> done = Collections.synchronizedList(new ArrayList<>());

    Nemesis(Topology topology, Cuts cuts, NemesisLog log) {
        this.topology = topology;
        this.layout = topology.layout();
        this.cuts = cuts;
        this.log = log;
        for (int host = 1; host <= layout.hosts(); host++) {
            hostLocks.put(host, new ReentrantLock(true));
        }
    }

    /** Harness failures: a fault that could not be made or undone, a process that did not come back. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** {@code KIND: detail} of each fault made, in the order they ended. */
    List<String> done() {
        return List.copyOf(done);
    }

    /** Plays the schedule for {@code windowMillis}, then heals everything; returns the heal's time (µs). */
    long run(List<PlannedFault> schedule, long windowMillis) throws Exception {
        long begin = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        try {
            for (PlannedFault fault : schedule) {
                if (!sleepUntil(begin, fault.atMillis(), windowMillis)) {
                    break;
                }
                Thread thread = new Thread(() -> play(fault), "nemesis-" + fault.id());
                thread.start();
                threads.add(thread);
            }
            sleepUntil(begin, windowMillis, windowMillis);
        } finally {
            ending = true;
            synchronized (endSignal) {
                endSignal.notifyAll();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(END_SECONDS);
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                if (thread.isAlive()) {
                    problems.add(thread.getName() + " still running " + END_SECONDS + " s after the window ended");
                    thread.interrupt();
                }
            }
            cuts.healAll();
            for (Node node : topology.current().values()) {
                if (node.state() == Node.State.PAUSED) {
                    node.resume();
                }
            }
        }
        long healed = NemesisLog.nowMicros();
        log.heal(healed);
        return healed;
    }

    /** Sleeps until {@code atMillis} after {@code begin}; false when that is past the window. */
    private static boolean sleepUntil(long begin, long atMillis, long windowMillis) throws InterruptedException {
        if (atMillis > windowMillis) {
            return false;
        }
        long left = atMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        if (left > 0) {
            Thread.sleep(left); // the schedule's own clock
        }
        return true;
    }

    private void play(PlannedFault fault) {
        List<Lock> held = new ArrayList<>();
        try {
            if (!fault.kind().network && !acquire(hostLocks.get(fault.hosts().get(0)), held)) {
                return;
            }
            if (fault.touchesQuorum(layout)) {
                Lock gate = fault.kind() == FaultKind.REPLACE_MEMBER ? quorumGate.writeLock() : quorumGate.readLock();
                if (!acquire(gate, held)) {
                    return;
                }
            }
            if (fault.kind().network) {
                partition(fault);
            } else {
                process(fault);
            }
        } catch (Throwable e) { // any error, a linkage error too: a fault that dies silently leaves its cuts in place
            problems.add("fault " + fault.id() + " (" + fault.kind().label + " on " + fault.hosts() + "): " + e);
        } finally {
            Collections.reverse(held);
            held.forEach(Lock::unlock);
        }
    }

    /** Takes {@code lock}, waiting while the window lasts; false when the window ended first. */
    private boolean acquire(Lock lock, List<Lock> held) throws InterruptedException {
        while (!ending) {
            if (lock.tryLock(200, TimeUnit.MILLISECONDS)) {
                held.add(lock);
                return true;
            }
        }
        return false;
    }

    private void partition(PlannedFault fault) throws Exception {
        Set<Cut> made = fault.cuts();
        List<Integer> targets = fault.hosts();
        String shape = fault.shape();
        if (fault.kind() == FaultKind.ISOLATE_LEADER) {
            OptionalInt leader = topology.leaderHost();
            if (leader.isEmpty()) {
                System.out.printf("Nemesis: fault %d (isolate-leader) skipped: no leader known%n", fault.id());
                return;
            }
            targets = List.of(leader.getAsInt());
            made = Partitions.isolate(leader.getAsInt(), layout);
            shape = "the leader, alone";
        }
        if (ending) {
            return;
        }
        List<String> targetNames = names(targets);
        List<String> majority = names(Majority.of(made, layout));
        cuts.add(made);
        long start = NemesisLog.nowMicros();
        long began = System.nanoTime();
        try {
            awaitEnd(began, fault.durationMillis());
        } finally {
            cuts.remove(made);
        }
        finish(fault, targetNames, start, majority, shape);
    }

    private void process(PlannedFault fault) throws Exception {
        int host = fault.hosts().get(0);
        Node node = topology.node(host);
        if (!node.running() || ending) {
            System.out.printf(
                    "Nemesis: fault %d (%s) skipped: %s is %s%n",
                    fault.id(), fault.kind().label, node.name, node.process.isAlive() ? node.state() : "gone");
            return;
        }
        List<String> targets = List.of(node.name);
        List<String> majority = names(Majority.without(List.of(host), layout));
        long start = NemesisLog.nowMicros();
        long began = System.nanoTime();
        String detail;
        try {
            detail = act(fault, node, began);
        } catch (Exception | AssertionError e) {
            String message = String.valueOf(e.getMessage());
            detail = "failed: " + (message.contains("\n") ? message.substring(0, message.indexOf('\n')) : message);
            problems.add("fault " + fault.id() + " (" + fault.kind().label + " on " + node.name + "): " + detail);
        }
        finish(fault, targets, start, majority, detail);
    }

    /** Makes a process fault and undoes it; returns what happened. */
    private String act(PlannedFault fault, Node node, long began) throws Exception {
        int host = node.host;
        switch (fault.kind()) {
            case PAUSE_SHORT, PAUSE_LONG, ZK_PAUSE -> {
                node.pause();
                try {
                    awaitEnd(began, fault.durationMillis());
                } finally {
                    node.resume();
                }
                return String.format("stopped %.1f s", (System.nanoTime() - began) / 1e9);
            }
            case KILL, ZK_KILL -> {
                topology.kill(host);
                awaitEnd(began, fault.durationMillis());
                long down = System.nanoTime() - began;
                Node fresh = topology.startOn(host);
                return String.format("down %.1f s, then %s in its place", down / 1e9, fresh.name);
            }
            case ZK_RESTART -> {
                topology.terminate(host);
                Node fresh = topology.startOn(host);
                return String.format(
                        "SIGTERM, then %s serving after %.1f s", fresh.name, (System.nanoTime() - began) / 1e9);
            }
            case REPLACE_MEMBER -> {
                String detail = topology.replaceMember(host);
                if (detail.startsWith("failed")) {
                    System.out.printf(
                            "Nemesis: FINDING: fault %d (replace-member on host %d) %s%n", fault.id(), host, detail);
                }
                return detail;
            }
            default -> throw new IllegalStateException("not a process fault: " + fault.kind());
        }
    }

    private void finish(PlannedFault fault, List<String> targets, long start, List<String> majority, String detail) {
        long end = NemesisLog.nowMicros();
        log.fault(fault.id(), fault.kind().label, targets, start, end, majority, detail);
        done.add(fault.kind().label + ": " + detail);
        System.out.printf(
                "Nemesis: %3d %-14s %-16s %5.1f s  majority %-22s %s%n",
                fault.id(),
                fault.kind().label,
                String.join(",", targets),
                (end - start) / 1e6,
                majority.isEmpty() ? "-" : String.join(",", majority),
                detail);
    }

    /** Waits until {@code millis} after {@code began}, or until the window ends. */
    private void awaitEnd(long began, long millis) throws InterruptedException {
        long deadline = began + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (endSignal) {
            long left;
            while (!ending && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(endSignal, left);
            }
        }
    }

    private List<String> names(Collection<Integer> hosts) {
        List<String> names = new ArrayList<>();
        for (int host : hosts) {
            names.add(topology.node(host).name);
        }
        return names;
    }
}
