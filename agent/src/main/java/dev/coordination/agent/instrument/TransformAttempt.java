package dev.coordination.agent.instrument;

import java.util.HashMap;
import java.util.Map;

/**
 * What happened while one class went through ByteBuddy on this thread: the lock sites the weaver
 * registered for it, and the error, if ByteBuddy reported one. ByteBuddy swallows a failed
 * transformation (it tells its listener and leaves the class as it was), so {@link
 * AnnotatedClassFilter} learns of it here and makes the class's locked methods fail closed instead
 * of letting them run unlocked. Attempts nest (loading a class may load another); each thread sees
 * only its own. Lives in the agent jar's loader.
 */
final class TransformAttempt {

    private static final ThreadLocal<TransformAttempt> current = new ThreadLocal<>();

    private final String className;
    private final TransformAttempt outer;
    private final Map<String, Integer> siteIds = new HashMap<>();
    private Throwable failure;

    private TransformAttempt(String className, TransformAttempt outer) {
        this.className = className;
        this.outer = outer;
    }

    /** Starts the attempt for {@code className} (internal name, {@code com/acme/Foo}) on this thread. */
    static TransformAttempt begin(String className) {
        TransformAttempt attempt = new TransformAttempt(className, current.get());
        current.set(attempt);
        return attempt;
    }

    /** Ends this attempt; the thread's outer attempt, if any, is current again. */
    void end() {
        if (outer == null) {
            current.remove();
        } else {
            current.set(outer);
        }
    }

    /** The weaver registered site {@code id} for the method {@code key} ({@link SiteIdMapping#key}). */
    static void siteRegistered(String key, int id) {
        TransformAttempt attempt = current.get();
        if (attempt != null) {
            attempt.siteIds.put(key, id);
        }
    }

    /** The site the weaver registered for method {@code key} in this thread's attempt, or {@code null}. */
    static Integer registeredSiteId(String key) {
        TransformAttempt attempt = current.get();
        return attempt == null ? null : attempt.siteIds.get(key);
    }

    /** ByteBuddy reported that {@code typeName} (binary name) could not be transformed. */
    static void failed(String typeName, Throwable error) {
        TransformAttempt attempt = current.get();
        if (attempt != null && typeName != null && attempt.className.equals(typeName.replace('.', '/'))) {
            attempt.failed(error);
        }
    }

    void failed(Throwable error) {
        if (failure == null) {
            failure = error;
        }
    }

    Throwable failure() {
        return failure;
    }

    /** The site already registered for method {@code key}, or {@code null}. */
    Integer siteId(String key) {
        return siteIds.get(key);
    }
}
