package dev.coordination.it.apps;

import dev.coordination.Synchronized;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * {@code LATENCY NAME CALLS}: one thread calls an empty {@code @Synchronized("{name}")} method
 * CALLS times (after as many warm-up calls), nobody else wanting the lock, and replies the spread of
 * one lock+unlock in microseconds: {@code OK p50=.. p90=.. p99=.. mean=..}. A measurement for the
 * test output, never an assertion.
 */
final class LatencyLoop {

    @Synchronized("{name}")
    void empty(String name) {}

    String run(String name, int calls) {
        for (int i = 0; i < calls; i++) {
            empty(name);
        }
        long[] micros = new long[calls];
        long total = 0;
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            empty(name);
            micros[i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
            total += micros[i];
        }
        Arrays.sort(micros);
        return "OK p50=" + micros[calls / 2] + " p90=" + micros[calls * 9 / 10] + " p99=" + micros[calls * 99 / 100]
                + " mean=" + total / calls;
    }
}
