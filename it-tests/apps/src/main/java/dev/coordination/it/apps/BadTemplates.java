package dev.coordination.it.apps;

import dev.coordination.LockTemplateException;
import dev.coordination.Synchronized;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One method per template mistake (docs/templates.md), each of which must fail with {@code
 * LockTemplateException} without running its body, whether the agent finds the mistake when the
 * class loads or only at the call. {@code BAD CASE} replies {@code OK exception=CLASS bodyRan=B
 * message=...}.
 */
final class BadTemplates {

    private static final AtomicBoolean ran = new AtomicBoolean();

    private BadTemplates() {}

    static String call(String which) {
        ran.set(false);
        try {
            invoke(which);
            return "ERR " + which + " ran without an exception, bodyRan=" + ran.get();
        } catch (RuntimeException e) {
            return "OK exception=" + e.getClass().getName() + " bodyRan=" + ran.get() + " message=" + e.getMessage();
        }
    }

    private static void invoke(String which) {
        switch (which) {
            case "syntax":
                syntax("v");
                break;
            case "unknownName":
                unknownName("v");
                break;
            case "thisInStatic":
                thisInStatic("v");
                break;
            case "conversion":
                conversion("v");
                break;
            case "formatSpec":
                formatSpec("v");
                break;
            case "noWaitWithTimeout":
                noWaitWithTimeout("v");
                break;
            case "nullParameter":
                volume(null);
                break;
            case "nullOnPath":
                volume(new Volume(null, 1));
                break;
            case "missingProperty":
                missingProperty(new Volume("v1", 1));
                break;
            case "missingKey":
                snapshot(Map.of("other", "x"));
                break;
            case "badIndex":
                element(List.of("a", "b"));
                break;
            case "identityToString":
                identity(new Object());
                break;
            case "at":
                plain("volume@default");
                break;
            case "empty":
                plain("");
                break;
            case "tooLong":
                plain("x".repeat(513));
                break;
            case "future":
                future("v");
                break;
            default:
                throw new IllegalArgumentException("unknown case " + which);
        }
    }

    @Synchronized("vol-{name")
    static void syntax(String name) {
        ran.set(true);
    }

    @Synchronized("vol-{nmae}")
    static void unknownName(String name) {
        ran.set(true);
    }

    @Synchronized("vol-{this.name}")
    static void thisInStatic(String name) {
        ran.set(true);
    }

    @Synchronized("vol-{name!r}")
    static void conversion(String name) {
        ran.set(true);
    }

    @Synchronized("vol-{name:>8}")
    static void formatSpec(String name) {
        ran.set(true);
    }

    @Synchronized(value = "vol-{name}", blocking = false, timeout = 5)
    static void noWaitWithTimeout(String name) {
        ran.set(true);
    }

    @Synchronized("vol-{vol.id}")
    static void volume(Volume vol) {
        ran.set(true);
    }

    @Synchronized("vol-{vol.size}")
    static void missingProperty(Volume vol) {
        ran.set(true);
    }

    @Synchronized("snap-{snap[name]}")
    static void snapshot(Map<String, String> snap) {
        ran.set(true);
    }

    @Synchronized("item-{items[5]}")
    static void element(List<String> items) {
        ran.set(true);
    }

    @Synchronized("obj-{value}")
    static void identity(Object value) {
        ran.set(true);
    }

    @Synchronized("{name}")
    static void plain(String name) {
        ran.set(true);
    }

    @Synchronized("vol-{name}")
    static CompletableFuture<String> future(String name) {
        ran.set(true);
        return CompletableFuture.completedFuture(name);
    }

    /** The method named {@code locked} of a class from CLASSES_DIR, loaded now by a loader of its own. */
    static String loadAndRun(Path classes, String className, String argument) throws Exception {
        URL[] path = {classes.toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(path, BadTemplates.class.getClassLoader())) {
            Class<?> type = Class.forName(className, true, loader);
            Method locked = type.getMethod("locked", String.class);
            Method bodyRan = type.getMethod("bodyRan");
            try {
                locked.invoke(null, argument);
                return "ERR " + className + ".locked ran without an exception, bodyRan=" + bodyRan.invoke(null);
            } catch (InvocationTargetException e) {
                Throwable thrown = e.getCause();
                if (!(thrown instanceof LockTemplateException)) {
                    return "ERR " + ScenarioApp.oneLine(thrown);
                }
                return "OK exception=" + thrown.getClass().getName() + " bodyRan=" + bodyRan.invoke(null) + " message="
                        + thrown.getMessage();
            }
        }
    }
}
