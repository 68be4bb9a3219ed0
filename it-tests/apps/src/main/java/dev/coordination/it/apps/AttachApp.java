package dev.coordination.it.apps;

import dev.coordination.Coordination;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application started WITHOUT the agent, which the test attaches the agent to while it runs.
 * Steps wait for a file the test creates and answer with a file of their own (written whole), so
 * the test knows where the JVM is:
 * <ul>
 *   <li>{@code race DIR NAME THREADS CALLS}: loads {@link AttachSections} and writes {@code
 *       ready-NAME}; on {@code meet}, calls its section once and waits inside for a second holder
 *       (two JVMs both inside prove it is not exclusive), answering {@code met-NAME} with the most
 *       holders seen; on {@code warm-NAME}, takes and frees a lock through {@code Coordination}
 *       (the agent's member is up), answering {@code warmed-NAME}; on {@code go}, THREADS threads make
 *       CALLS section calls each, answering {@code done-NAME} with {@code failures maxHolders}.
 *   <li>{@code call DIR NAME CLASS METHOD ARG}: calls the static {@code CLASS.METHOD(String)} at once
 *       and answers {@code before-NAME} with its result; on {@code again-NAME} calls it again and
 *       answers {@code after-NAME} (the result, or the exception).
 * </ul>
 */
public final class AttachApp {

    static final long BOUND_SECONDS = 120;

    private final Path dir;
    private final String name;

    private AttachApp(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    public static void main(String[] args) throws Exception {
        exitWithParent();
        AttachApp app = new AttachApp(Paths.get(args[1]), args[2]);
        switch (args[0]) {
            case "race":
                app.race(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                break;
            case "call":
                app.call(args[3], args[4], args[5]);
                break;
            default:
                throw new IllegalArgumentException("unknown subcommand " + args[0]);
        }
    }

    private void race(int threads, int calls) throws Exception {
        AttachSections sections = new AttachSections(dir, name);
        answer("ready-" + name, Long.toString(ProcessHandle.current().pid()));
        awaitFile("meet");
        answer("met-" + name, Integer.toString(sections.section("shared", 2)));
        awaitFile("warm-" + name);
        Coordination.getLock("warmup").tryLock(BOUND_SECONDS, TimeUnit.SECONDS);
        Coordination.getLock("warmup").unlock();
        answer("warmed-" + name, "up");
        awaitFile("go");
        AtomicLong failures = new AtomicLong();
        AtomicInteger maxHolders = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(
                    () -> {
                        for (int i = 0; i < calls; i++) {
                            try {
                                maxHolders.accumulateAndGet(sections.section("shared", 1), Math::max);
                            } catch (RuntimeException e) {
                                if (failures.incrementAndGet() <= 3) {
                                    e.printStackTrace();
                                }
                            }
                        }
                    },
                    "race-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        answer("done-" + name, failures.get() + " " + maxHolders.get());
    }

    private void call(String className, String methodName, String argument) throws Exception {
        Method method = Class.forName(className).getMethod(methodName, String.class);
        method.setAccessible(true);
        answer("before-" + name, invoke(method, argument));
        awaitFile("again-" + name);
        answer("after-" + name, invoke(method, argument));
    }

    private static String invoke(Method method, String argument) throws IllegalAccessException {
        try {
            return String.valueOf(method.invoke(null, argument));
        } catch (InvocationTargetException e) {
            return "threw " + e.getCause();
        }
    }

    /** Written under another name and moved, so the test never reads half an answer. */
    private void answer(String file, String text) throws IOException {
        Path partial = dir.resolve(file + ".partial");
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        Files.move(partial, dir.resolve(file), StandardCopyOption.ATOMIC_MOVE);
    }

    private void awaitFile(String file) throws Exception {
        Path path = dir.resolve(file);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!Files.exists(path)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting " + BOUND_SECONDS + "s for " + path);
            }
            Thread.sleep(10);
        }
    }

    /** A test JVM that dies without killing its children must not leave them running. */
    private static void exitWithParent() {
        ProcessHandle.current()
                .parent()
                .ifPresent(parent -> parent.onExit().thenRun(() -> {
                    System.err.println("AttachApp: the test JVM exited; halting");
                    Runtime.getRuntime().halt(3);
                }));
    }
}
