package dev.coordination.samples;

import dev.coordination.Synchronized;
import java.util.List;

/**
 * Sample classes for {@code LockAdviceTest}: outside {@code dev.coordination.agent}, which the
 * transformer never instruments. Each method appends "body" to the test's event list.
 */
public final class AdviceSamples {

    private AdviceSamples() {}

    public static class Sample {
        @Synchronized("volume-{vol}")
        String attach(String vol, List<String> events) {
            events.add("body " + vol);
            return "attached " + vol;
        }

        @Synchronized("volume-{vol}")
        void failWithException(String vol, List<String> events) {
            events.add("body");
            throw new IllegalStateException("body failed");
        }

        @Synchronized("volume-{vol}")
        void failWithError(String vol, List<String> events) {
            events.add("body");
            throw new AssertionError("body broke");
        }

        @Synchronized("volume-{vol}")
        static String find(String vol, List<String> events) {
            events.add("body");
            return vol;
        }
    }

    public static class Base<T> {
        T handle(T value, List<String> events) {
            return value;
        }
    }

    public static class GenericSample extends Base<String> {
        @Override
        @Synchronized("item-{value}")
        String handle(String value, List<String> events) {
            events.add("body");
            return value;
        }
    }

    public abstract static class AbstractSample {
        @Synchronized("run")
        abstract void run(List<String> events);

        @Synchronized("concrete")
        void concrete(List<String> events) {
            events.add("body");
        }
    }

    public static class Plain {
        String attach(String vol) {
            return vol;
        }
    }
}
