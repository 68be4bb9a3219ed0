package dev.coordination.agent.instrument;

import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.template.MethodShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one {@code @Synchronized} method from its class file (annotation values, parameter names
 * from {@code MethodParameters} or the local variable table, or else from the class file its loader
 * serves ({@link ClassFileParameterNames}), return type) and compiles it into a
 * {@link LockSite}. Problems are logged once here, when the class loads.
 */
final class SynchronizedMethods {

    /**
     * The annotation's name, spelled here only: the agent matches it by name and never loads the
     * class (each application class loader may have its own copy).
     */
    static final String ANNOTATION = "dev.coordination.Synchronized";
    /** {@link #ANNOTATION} as the class file names it: {@code dev/coordination/Synchronized}. */
    static final String ANNOTATION_INTERNAL_NAME = ANNOTATION.replace('.', '/');
    /** {@link #ANNOTATION} as a type descriptor, as the class file's annotations carry it. */
    static final String ANNOTATION_DESCRIPTOR = "L" + ANNOTATION_INTERNAL_NAME + ";";

    private static final Logger log = LoggerFactory.getLogger(SynchronizedMethods.class);

    /** Return types whose work outlives the call, and with it the thread-owned lock. */
    private static final List<String> ASYNCHRONOUS = Arrays.asList(
            "java.util.concurrent.CompletionStage",
            "java.util.concurrent.Future",
            "java.util.concurrent.Flow$Publisher",
            "org.reactivestreams.Publisher");

    private SynchronizedMethods() {}

    static AnnotationDescription annotation(MethodDescription method) {
        for (AnnotationDescription annotation : method.getDeclaredAnnotations()) {
            if (annotation.getAnnotationType().getName().equals(ANNOTATION)) {
                return annotation;
            }
        }
        return null;
    }

    /** Why the method cannot carry advice at all (no body to wrap), or {@code null}. */
    static String unlockable(TypeDescription type, MethodDescription method) {
        String label = type.getName() + "#" + method.getName();
        if (method.isConstructor()) {
            return "@Synchronized on a constructor of " + type.getName() + " is ignored: constructors"
                    + " cannot be locked; move the work into a method";
        }
        if (method.isAbstract()) {
            return "@Synchronized on abstract method " + label + " has no effect: method annotations are"
                    + " not inherited, annotate the implementing method instead";
        }
        if (method.isNative()) {
            return "@Synchronized on native method " + label + " has no effect: a native method has no"
                    + " bytecode to wrap; lock a Java method that calls it";
        }
        return null;
    }

    static LockSite compile(TypeDescription type, MethodDescription method, ClassLoader loader) {
        AnnotationDescription annotation = annotation(method);
        List<String> templates = Arrays.asList(annotation.getValue("value").resolve(String[].class));
        boolean blocking = annotation.getValue("blocking").resolve(Boolean.class);
        long timeout = annotation.getValue("timeout").resolve(Long.class);
        TimeUnit unit = TimeUnit.valueOf(annotation
                .getValue("unit")
                .resolve(EnumerationDescription.class)
                .getValue());
        MethodShape shape = shape(type, method, loader);
        LockSite site = LockSite.compile(shape, templates, blocking, timeout, unit, refusal(shape, method), loader);
        if (site.loadError() != null) {
            log.error(
                    "{} (every call of {} will throw LockTemplateException without running)",
                    site.loadError(),
                    site.label());
        } else if (log.isDebugEnabled()) {
            log.debug("Instrumented {} with lock templates {}", site.label(), templates);
        }
        return site;
    }

    private static MethodShape shape(TypeDescription type, MethodDescription method, ClassLoader loader) {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        boolean named = true;
        for (ParameterDescription parameter : method.getParameters()) {
            names.add(parameter.getName());
            types.add(parameter.getType().asErasure().getActualName());
            named &= parameter.isNamed();
        }
        if (!named && !names.isEmpty()) {
            // Retransformed bytes may have lost MethodParameters (JDK-8240908): ask the class file.
            List<String> fromClassFile = ClassFileParameterNames.of(type.getName(), method, loader);
            if (fromClassFile != null) {
                names = fromClassFile;
                named = true;
            }
        }
        return new MethodShape(type.getName(), method.getName(), names, named, types, method.isStatic());
    }

    private static String refusal(MethodShape shape, MethodDescription method) {
        TypeDescription returned = method.getReturnType().asErasure();
        String asynchronous = asynchronousSupertype(returned);
        if (asynchronous == null) {
            return null;
        }
        return "@Synchronized on " + shape.label() + " cannot be honoured: it returns "
                + returned.getActualName() + " (a " + asynchronous.replace('$', '.') + "), whose work goes on"
                + " after the method returns, while a distributed lock belongs to the thread that took it"
                + " and would be released first; lock the method that does the work instead";
    }

    private static String asynchronousSupertype(TypeDefinition type) {
        if (type == null || type.isPrimitive() || type.isArray()) {
            return null;
        }
        try {
            TypeDescription erasure = type.asErasure();
            if (ASYNCHRONOUS.contains(erasure.getName())) {
                return erasure.getName();
            }
            for (TypeDescription.Generic implemented : erasure.getInterfaces()) {
                String found = asynchronousSupertype(implemented);
                if (found != null) {
                    return found;
                }
            }
            return asynchronousSupertype(erasure.getSuperClass());
        } catch (RuntimeException unresolvable) {
            // A supertype missing from the class path: the class could not load anyway.
            return null;
        }
    }
}
