package dev.coordination.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes over, without parsing, every class that cannot carry {@code @Synchronized}: classes
 * outside {@code coordination.include}, the JDK's and the agent's own, and any class whose
 * constant pool does not hold the annotation's descriptor (a class file that uses an annotation
 * must name it there; {@link ConstantPoolScan} walks the pool alone). Only the rest reach ByteBuddy. When ByteBuddy cannot transform one of them,
 * the class is handed to {@link FailClosedRewriter} instead of loading unchanged, and the failure is
 * logged once, here.
 */
final class AnnotatedClassFilter implements ClassFileTransformer {

    private static final Logger log = LoggerFactory.getLogger(AnnotatedClassFilter.class);

    private static final byte[] DESCRIPTOR = SynchronizedMethods.ANNOTATION_DESCRIPTOR.getBytes(StandardCharsets.UTF_8);
    private static final String[] NEVER = {"java/", "javax/", "jdk/", "sun/", "com/sun/", "dev/coordination/agent/"};

    private final ClassFileTransformer delegate;
    private final FailClosedRewriter failClosed;
    private final String[] include;

    AnnotatedClassFilter(ClassFileTransformer delegate, FailClosedRewriter failClosed, List<String> includePackages) {
        this.delegate = delegate;
        this.failClosed = failClosed;
        this.include = new String[includePackages.size()];
        for (int i = 0; i < include.length; i++) {
            String prefix = includePackages.get(i).replace('.', '/');
            include[i] = prefix.endsWith("/") ? prefix : prefix + "/";
        }
    }

    @Override
    public byte[] transform(
            Module module,
            ClassLoader loader,
            String className,
            Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain,
            byte[] classfileBuffer)
            throws IllegalClassFormatException {
        if (!candidate(className, classfileBuffer)) {
            return null;
        }
        return weave(
                className,
                loader,
                classfileBuffer,
                () -> delegate.transform(
                        module, loader, className, classBeingRedefined, protectionDomain, classfileBuffer));
    }

    @Override
    public byte[] transform(
            ClassLoader loader,
            String className,
            Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain,
            byte[] classfileBuffer)
            throws IllegalClassFormatException {
        if (!candidate(className, classfileBuffer)) {
            return null;
        }
        return weave(
                className,
                loader,
                classfileBuffer,
                () -> delegate.transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer));
    }

    /** One of ByteBuddy's two transform entry points, called for a candidate class. */
    private interface Weaving {
        byte[] weave() throws IllegalClassFormatException;
    }

    /** The woven class; when ByteBuddy failed, the class made to fail closed instead. */
    private byte[] weave(String className, ClassLoader loader, byte[] classFile, Weaving weaving) {
        if (log.isDebugEnabled()) {
            // Only classes that passed the filter get here; the start-up benchmark counts these lines.
            log.debug("{} names @Synchronized: handing it to ByteBuddy", className.replace('/', '.'));
        }
        TransformAttempt attempt = TransformAttempt.begin(className);
        try {
            byte[] woven = weaving.weave();
            if (attempt.failure() == null) {
                return woven;
            }
        } catch (Throwable error) {
            attempt.failed(error);
        } finally {
            attempt.end();
        }
        return failClosed(className, loader, classFile, attempt);
    }

    /**
     * The class as {@link FailClosedRewriter} leaves it, or {@code null} (unchanged) when even that
     * fails. Never throws: the JVM would load the class unchanged anyway, and say nothing.
     */
    private byte[] failClosed(String className, ClassLoader loader, byte[] classFile, TransformAttempt attempt) {
        Throwable failure = attempt.failure();
        String typeName = className.replace('/', '.');
        String cause = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        try {
            FailClosedRewriter.Rewritten rewritten = failClosed.rewrite(classFile, loader, attempt, cause);
            log.error(
                    "Could not instrument {} ({}): its @Synchronized methods {} now throw"
                            + " LockTemplateException on every call instead of running unlocked",
                    typeName,
                    cause,
                    rewritten.methods,
                    failure);
            return rewritten.classFile;
        } catch (Throwable rewriteFailure) {
            log.error(
                    "Could not instrument {} ({}), nor make its @Synchronized methods fail closed ({}):"
                            + " they run UNLOCKED",
                    typeName,
                    cause,
                    rewriteFailure.toString(),
                    failure);
            return null;
        }
    }

    boolean candidate(String className, byte[] bytes) {
        return className != null && bytes != null && covers(className) && mentionsAnnotation(bytes);
    }

    /** Whether a class of this internal name ({@code com/acme/Foo}) may be instrumented at all. */
    boolean covers(String className) {
        for (String never : NEVER) {
            if (className.startsWith(never)) {
                return false;
            }
        }
        return include.length == 0 || included(className);
    }

    /**
     * Whether a class file's constant pool holds {@code @Synchronized}'s descriptor (necessary for
     * declaring it); a class file the pool walk cannot read is scanned byte by byte instead.
     */
    static boolean mentionsAnnotation(byte[] bytes) {
        int found = ConstantPoolScan.findUtf8(bytes, DESCRIPTOR);
        return found == ConstantPoolScan.UNREADABLE ? contains(bytes, DESCRIPTOR) : found == ConstantPoolScan.PRESENT;
    }

    private boolean included(String className) {
        for (String prefix : include) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    static boolean contains(byte[] bytes, byte[] wanted) {
        byte first = wanted[0];
        int last = bytes.length - wanted.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int j = 1; j < wanted.length; j++) {
                if (bytes[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
