package dev.coordination.chaos;

/**
 * One write the fence-checking store was asked for, in the order it took them.
 *
 * @param writer the writing call, {@code jvm:seq}
 */
public record StoreWrite(String name, long fence, long readValue, String writer, StoreVerdict verdict, long atMicros) {

    /** The writing call, or null when {@code writer} does not name one. */
    public CallId writerCall() {
        return CallId.parse(writer);
    }
}
