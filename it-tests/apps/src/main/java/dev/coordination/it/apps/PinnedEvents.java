package dev.coordination.it.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The {@code jdk.VirtualThreadPinned} events this JVM recorded so far: a virtual thread that parked
 * (or blocked) while it could not leave its carrier. The JVM must run a flight recording, e.g.
 * {@code -XX:StartFlightRecording:jdk.VirtualThreadPinned#threshold=0ms}; a snapshot of it is read
 * back here, in the JVM that wrote it. {@code PINNED} replies with the count, how many lasted 20 ms
 * or more (the JDK's default threshold), the longest, and the most frequent places: why it was
 * pinned, what it blocked in, and the first frame outside the JDK. {@code PINCONTROL} pins a
 * virtual thread on purpose, once per JVM, so a test can see that the recording catches pins at
 * all; its events are counted apart ({@code controlPinned}) and left out of the rest.
 */
final class PinnedEvents {

    static final String EVENT = "jdk.VirtualThreadPinned";
    private static final int PLACES = 5;
    private static final String CONTROL_THREAD = "pin-control-";

    private PinnedEvents() {}

    static String summary() throws IOException {
        FlightRecorder recorder = FlightRecorder.getFlightRecorder();
        if (recorder.getRecordings().isEmpty()) {
            return "ERR no flight recording runs in this JVM; start it with" + " -XX:StartFlightRecording:" + EVENT
                    + "#threshold=0ms";
        }
        Path file = Files.createTempFile("pinned-", ".jfr");
        try {
            try (Recording snapshot = recorder.takeSnapshot()) {
                snapshot.dump(file);
            }
            List<RecordedEvent> all = RecordingFile.readAllEvents(file).stream()
                    .filter(event -> event.getEventType().getName().equals(EVENT))
                    .collect(Collectors.toList());
            List<RecordedEvent> pinned =
                    all.stream().filter(event -> !isControl(event)).collect(Collectors.toList());
            long over20 = pinned.stream()
                    .filter(event -> event.getDuration().toMillis() >= 20)
                    .count();
            long longest = pinned.stream()
                    .map(RecordedEvent::getDuration)
                    .max(Duration::compareTo)
                    .orElse(Duration.ZERO)
                    .toMillis();
            Map<String, Integer> byPlace = new TreeMap<>();
            for (RecordedEvent event : pinned) {
                byPlace.merge(place(event), 1, Integer::sum);
            }
            Map<String, Integer> top = new LinkedHashMap<>();
            byPlace.entrySet().stream()
                    .sorted((a, b) -> b.getValue() - a.getValue())
                    .limit(PLACES)
                    .forEach(entry -> top.put(entry.getKey(), entry.getValue()));
            String places = top.entrySet().stream()
                    .map(entry -> entry.getValue() + "x " + entry.getKey())
                    .collect(Collectors.joining(" ; "));
            return "OK controlPinned=" + (all.size() - pinned.size()) + " pinned=" + pinned.size() + " pinnedOver20ms="
                    + over20 + " longestPinnedMs=" + longest + " message=" + (places.isEmpty() ? "none" : places);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static boolean isControl(RecordedEvent event) {
        RecordedThread thread = event.getThread("eventThread");
        return thread != null
                && thread.getJavaName() != null
                && thread.getJavaName().startsWith(CONTROL_THREAD);
    }

    /**
     * Pins a virtual thread for about 50 ms: it sleeps in a class initialiser, which keeps it on its
     * carrier on every JDK. The first call in a JVM pins; later ones find the class initialised.
     */
    static String pinOnce() throws InterruptedException {
        Thread control = VirtualThreads.factory(CONTROL_THREAD).newThread(PinnedInInitialiser::touch);
        control.start();
        control.join(TimeUnit.SECONDS.toMillis(60));
        return control.isAlive() ? "ERR the pin control thread did not end within 60 s" : "OK pinnedOnPurpose";
    }

    private static final class PinnedInInitialiser {
        static {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {}
    }

    /** {@code reason [blocking operation] at first frame outside the JDK < its caller}. */
    private static String place(RecordedEvent event) {
        String reason = event.hasField("pinnedReason") ? event.getString("pinnedReason") : "?";
        String operation = event.hasField("blockingOperation") ? event.getString("blockingOperation") : "?";
        StringBuilder text = new StringBuilder()
                .append(reason)
                .append(" [")
                .append(operation)
                .append("] at ");
        RecordedStackTrace stack = event.getStackTrace();
        int shown = 0;
        if (stack != null) {
            for (RecordedFrame frame : stack.getFrames()) {
                String type = frame.getMethod().getType().getName();
                if (shown == 0 && (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun."))) {
                    continue;
                }
                text.append(shown == 0 ? "" : " < ")
                        .append(type)
                        .append('.')
                        .append(frame.getMethod().getName());
                if (++shown == 2) {
                    break;
                }
            }
        }
        return shown == 0 ? text.append("(JDK frames only)").toString() : text.toString();
    }
}
