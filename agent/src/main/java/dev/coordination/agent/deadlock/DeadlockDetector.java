package dev.coordination.agent.deadlock;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JVM's part in finding deadlocks across JVMs. Every {@link #SCAN_MILLIS} it posts the waits of
 * its threads that have lasted longer than the threshold to the {@link WaitBoard} (nothing, and no
 * board traffic, while no wait lasts that long), reads every JVM's waits back, and looks for cycles;
 * a cycle seen in two scans in a row whose victim ({@link VictimRule}) is a wait of this JVM is
 * broken here: that wait fails with the cycle's report, which is logged at ERROR once. The other
 * JVMs of the cycle find the same victim in the same table and leave it to this one.
 */
public final class DeadlockDetector {

    /** How often a JVM with long waits posts and reads the board. */
    public static final long SCAN_MILLIS = 200;

    private static final Logger log = LoggerFactory.getLogger(DeadlockDetector.class);

    /** This JVM's side: its threads' long waits, and failing one of them. */
    public interface LocalWaits {

        /** The waits of this JVM's threads that began at least {@code thresholdNanos} ago. */
        List<WaitRecord> longerThan(long thresholdNanos);

        /**
         * Fails the wait {@code wait} (one of this JVM's) with {@code report}, if it still goes on.
         *
         * @return whether it did
         */
        boolean fail(WaitRecord wait, String report);
    }

    private final String memberId;
    private final long thresholdNanos;
    private final WaitBoard board;
    private final LocalWaits waits;
    private final Function<String, Object> stripeOf;
    private final BooleanSupplier connected;
    private final CycleConfirmation confirmation = new CycleConfirmation();
    /** The text last posted, {@code null} while this JVM has no entry. */
    private String posted;

    private boolean boardFailing;
    private boolean unreadableReported;

    /**
     * @param stripeOf the lock a name shares with other names, as the records carry names (prefix
     *     included), or {@code null} when every name is a lock of its own
     * @param connected whether the backend serves locks now: while it does not (it starts, or its
     *     cluster is out of reach), a wait is for the cluster, not for a holder, and the board is not
     *     asked
     */
    public DeadlockDetector(
            String memberId,
            long thresholdNanos,
            WaitBoard board,
            LocalWaits waits,
            Function<String, Object> stripeOf,
            BooleanSupplier connected) {
        this.memberId = memberId;
        this.thresholdNanos = thresholdNanos;
        this.board = board;
        this.waits = waits;
        this.stripeOf = stripeOf;
        this.connected = connected;
    }

    /** One scan; called from one thread. Never throws: a board that cannot be reached is logged once. */
    public void scan() {
        try {
            scanOnce();
            if (boardFailing) {
                boardFailing = false;
                log.info("Deadlock detection reaches its wait board again");
            }
        } catch (Exception e) {
            if (!boardFailing) {
                boardFailing = true;
                log.warn(
                        "Deadlock detection cannot post or read the waits of the cluster ({}); cycles across"
                                + " JVMs go unseen until it can (calls still end by their own bounds)",
                        e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            }
        }
    }

    private void scanOnce() throws Exception {
        if (!connected.getAsBoolean()) {
            return;
        }
        List<WaitRecord> mine = waits.longerThan(thresholdNanos);
        if (mine.isEmpty()) {
            if (posted != null) {
                board.remove(memberId);
                posted = null;
            }
            confirmation.confirm(List.of());
            return;
        }
        // Posted on every scan: a board may let entries expire unless posted again (a JVM that dies
        // must leave it), and may skip a post that changes nothing.
        String text = encode(mine);
        board.post(memberId, text);
        posted = text;
        List<WaitRecord> all = new ArrayList<>();
        for (String entry : board.read()) {
            decodeInto(all, entry);
        }
        for (WaitCycle cycle : confirmation.confirm(CycleFinder.find(all, stripeOf))) {
            WaitRecord victim = cycle.victim();
            if (!victim.memberId().equals(memberId)) {
                continue;
            }
            String report = DeadlockReport.message(cycle);
            if (waits.fail(victim, report)) {
                log.error("{}\n  (cycle {})", report, DeadlockReport.cycleId(cycle));
            }
        }
    }

    private static String encode(List<WaitRecord> records) {
        StringBuilder text = new StringBuilder();
        for (WaitRecord record : records) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(WaitRecordCodec.encode(record));
        }
        return text.toString();
    }

    /** One JVM's entry: its records, one per line (the codec escapes line breaks inside them). */
    private void decodeInto(List<WaitRecord> all, String entry) {
        for (String line : entry.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                all.add(WaitRecordCodec.decode(line));
            } catch (IllegalArgumentException e) {
                if (!unreadableReported) {
                    unreadableReported = true;
                    log.warn(
                            "Deadlock detection skips a wait it cannot read (a JVM of another agent version?): {}",
                            e.getMessage());
                }
            }
        }
    }
}
