package dev.coordination.agent.instrument;

import dev.coordination.agent.runtime.LockSites;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the agent is attached to a running JVM, the classes loaded before it never passed through
 * its transformer. This finds those that declare {@code @Synchronized} methods and has the JVM
 * retransform them, in batches, so that calls started from then on are locked (calls already
 * running finish in the old code, unlocked). A loaded class is a candidate when {@code
 * coordination.include} covers its name and the class file its own loader serves names the
 * annotation: the transformer's own byte test, so nothing in the application is loaded or
 * initialised to find out. Lives in the agent jar, on the system class loader.
 */
final class LoadedClassRetransformer {

    /** Classes per {@code retransformClasses} call: few JVM safepoints, and a failure isolates quickly. */
    static final int BATCH_SIZE = 50;

    private static final Logger log = LoggerFactory.getLogger(LoadedClassRetransformer.class);

    private final Instrumentation instrumentation;
    private final AnnotatedClassFilter filter;
    private final LockSites sites;

    LoadedClassRetransformer(Instrumentation instrumentation, AnnotatedClassFilter filter, LockSites sites) {
        this.instrumentation = instrumentation;
        this.filter = filter;
        this.sites = sites;
    }

    /** Retransforms the candidates; returns one line saying what was done, for the log and the attacher. */
    String retransformLoadedClasses() {
        long begin = System.nanoTime();
        int sitesBefore = sites.count();
        Class<?>[] loaded = instrumentation.getAllLoadedClasses();
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> type : loaded) {
            if (isCandidate(type)) {
                candidates.add(type);
            }
        }
        int failed = 0;
        for (int from = 0; from < candidates.size(); from += BATCH_SIZE) {
            failed += retransform(candidates.subList(from, Math.min(from + BATCH_SIZE, candidates.size())));
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        String summary = "looked at " + loaded.length + " loaded classes, retransformed "
                + (candidates.size() - failed) + " class(es) declaring @Synchronized methods, "
                + (sites.count() - sitesBefore) + " method(s) locked from now on"
                + (failed == 0
                        ? ""
                        : "; " + failed + " class(es) FAILED, their methods stay unlocked (see the ERROR lines)")
                + "; took " + millis + " ms";
        if (failed == 0) {
            log.info("Attached to a running JVM: {}", summary);
        } else {
            log.error("Attached to a running JVM: {}", summary);
        }
        return summary;
    }

    boolean isCandidate(Class<?> type) {
        if (type.isArray() || type.isPrimitive() || type.isHidden() || !instrumentation.isModifiableClass(type)) {
            return false;
        }
        String internalName = type.getName().replace('.', '/');
        if (!filter.covers(internalName)) {
            return false;
        }
        byte[] classFile = classFile(type.getClassLoader(), type.getName());
        return classFile != null ? AnnotatedClassFilter.mentionsAnnotation(classFile) : declaredByReflection(type);
    }

    private static byte[] classFile(ClassLoader loader, String name) {
        try {
            ClassFileLocator.Resolution resolution =
                    ClassFileLocator.ForClassLoader.of(loader).locate(name);
            return resolution.isResolved() ? resolution.resolve() : null;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** For a class whose loader serves no class file (generated at run time): ask reflection. */
    private static boolean declaredByReflection(Class<?> type) {
        try {
            for (Method method : type.getDeclaredMethods()) {
                for (java.lang.annotation.Annotation annotation : method.getDeclaredAnnotations()) {
                    if (annotation.annotationType().getName().equals(SynchronizedMethods.ANNOTATION)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (LinkageError | RuntimeException unresolvable) {
            // A method names a type its loader cannot find: the class cannot run those methods anyway.
            return false;
        }
    }

    /** Retransforms a batch; when the JVM refuses it, one class at a time. Returns how many failed. */
    private int retransform(List<Class<?>> batch) {
        try {
            instrumentation.retransformClasses(batch.toArray(new Class<?>[0]));
            return 0;
        } catch (Exception | LinkageError batchFailure) {
            if (batch.size() == 1) {
                log.error(
                        "Could not retransform {}, loaded before the agent was attached: its @Synchronized"
                                + " methods are NOT locked ({}); restart the JVM with -javaagent to lock them",
                        batch.get(0).getName(),
                        batchFailure.toString(),
                        batchFailure);
                return 1;
            }
            int failed = 0;
            for (Class<?> type : batch) {
                failed += retransform(List.of(type));
            }
            return failed;
        }
    }
}
