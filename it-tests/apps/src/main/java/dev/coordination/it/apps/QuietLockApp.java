package dev.coordination.it.apps;

import dev.coordination.Coordination;
import dev.coordination.DistributedLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * An application that opens no socket of its own, so every socket of its JVM is the agent's
 * (SecurityIT reads them from {@code /proc}). Started with the agent as {@code QuietLockApp DIR
 * NAME}: takes lock NAME through {@link Coordination#getLock}, releases it, prints {@code RESULT
 * fence=N}, creates file {@code locked-NAME} in DIR, then waits for file {@code exit-NAME} and
 * exits 0 (1 if it waited longer than {@value #BOUND_SECONDS} s for either).
 */
public final class QuietLockApp {

    static final long BOUND_SECONDS = 120;

    private QuietLockApp() {}

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        String name = args[1];
        exitWithParent();
        DistributedLock lock = Coordination.getLock(name);
        if (!lock.tryLock(BOUND_SECONDS, TimeUnit.SECONDS)) {
            System.out.println("RESULT fence=none");
            System.exit(1);
        }
        long fence;
        try (lock) {
            fence = Coordination.fence(name);
        }
        System.out.println("RESULT fence=" + fence);
        Files.writeString(dir.resolve("locked-" + name), Long.toString(fence));
        Path exit = dir.resolve("exit-" + name);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!Files.exists(exit)) {
            if (System.nanoTime() > deadline) {
                System.err.println("QuietLockApp: no " + exit + " within " + BOUND_SECONDS + " s");
                System.exit(1);
            }
            Thread.sleep(20);
        }
        System.exit(0);
    }

    /** A test JVM that dies without killing its children must not leave members running. */
    private static void exitWithParent() {
        ProcessHandle.current()
                .parent()
                .ifPresent(parent -> parent.onExit().thenRun(() -> {
                    System.err.println("QuietLockApp: the test JVM exited; halting");
                    Runtime.getRuntime().halt(3);
                }));
    }
}
