package dev.coordination.it.apps;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;

/**
 * Java 21's virtual threads for the sample apps, which are compiled with {@code --release 17} and so
 * cannot name {@code Thread.ofVirtual()}: the three methods needed are looked up once, by method
 * handle, when a scenario first asks for them. On a JVM older than 21 every method says so.
 */
final class VirtualThreads {

    private static final MethodHandle OF_VIRTUAL;
    private static final MethodHandle NAME;
    private static final MethodHandle FACTORY;
    private static final MethodHandle IS_VIRTUAL;
    private static final String MISSING;

    static {
        MethodHandle ofVirtual = null;
        MethodHandle name = null;
        MethodHandle factory = null;
        MethodHandle isVirtual = null;
        String missing = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualBuilder = Class.forName("java.lang.Thread$Builder$OfVirtual");
            ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualBuilder));
            name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class, long.class));
            factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
            isVirtual = lookup.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            missing = "virtual threads need Java 21 or later; this JVM runs Java " + System.getProperty("java.version")
                    + " (" + e + ")";
        }
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        FACTORY = factory;
        IS_VIRTUAL = isVirtual;
        MISSING = missing;
    }

    private VirtualThreads() {}

    /** {@code Thread.ofVirtual().name(prefix, 0).factory()}: unstarted virtual threads prefix0, prefix1, ... */
    static ThreadFactory factory(String prefix) {
        check();
        try {
            return (ThreadFactory) FACTORY.invoke(NAME.invoke(OF_VIRTUAL.invoke(), prefix, 0L));
        } catch (Throwable e) {
            throw new IllegalStateException("could not make a virtual thread factory", e);
        }
    }

    static boolean isVirtual(Thread thread) {
        check();
        try {
            return (boolean) IS_VIRTUAL.invoke(thread);
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.isVirtual failed", e);
        }
    }

    /**
     * The platform thread the calling virtual thread runs on now, e.g. {@code
     * ForkJoinPool-1-worker-2}: the JDK prints it after the {@code @} of a mounted virtual thread's
     * {@code toString()} (there is no API for it).
     */
    static String carrier() {
        String text = Thread.currentThread().toString();
        int at = text.lastIndexOf('@');
        return at < 0 ? "none" : text.substring(at + 1);
    }

    private static void check() {
        if (MISSING != null) {
            throw new UnsupportedOperationException(MISSING);
        }
    }
}
