package dev.coordination.agent.instrument;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.util.Map;
import java.util.function.Supplier;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Weaves one made-up class on a daemon thread as the agent starts, and throws the result away.
 * ByteBuddy's first weave in a JVM loads hundreds of classes and runs them cold, on the thread that
 * loads the application's first annotated class, and costs far more than any later weave
 * (StartupGroup in it-tests). Done here, that first-weave cost runs next to the Hazelcast member's
 * start instead. The warm-up weaves with a transformer and lock sites of its own, so it registers
 * no site and no JMX row; its class and annotation type are served by a loader of its own that
 * nothing else sees, and a failure is dropped silently (the real weaves report their own). Lives in
 * the agent jar's loader.
 */
final class WeavingWarmUp {

    static final String TARGET = "dev/coordination/warmup/WarmUpService";
    private static final String ANNOTATION = SynchronizedMethods.ANNOTATION_INTERNAL_NAME;
    private static final String ANNOTATION_DESCRIPTOR = SynchronizedMethods.ANNOTATION_DESCRIPTOR;

    private WeavingWarmUp() {}

    /** Starts the warm-up; {@code transformer} builds an {@link AnnotatedClassFilter} over fresh sites. */
    static void startInBackground(Supplier<ClassFileTransformer> transformer) {
        Thread thread = new Thread(() -> weaveOnce(transformer.get()), "coordination-warm-up");
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        thread.start();
    }

    /** Weaves the made-up class once; whether ByteBuddy changed it (for the unit test). */
    static boolean weaveOnce(ClassFileTransformer transformer) {
        byte[] target = target();
        ClassLoader loader = new ServingLoader(Map.of(TARGET + ".class", target, ANNOTATION + ".class", annotation()));
        try {
            byte[] woven = transformer.transform(loader, TARGET, null, null, target);
            return woven != null && woven != target;
        } catch (Throwable ignored) {
            return false;
        }
    }

    /**
     * A service class as javac writes it with {@code -g}: one instance method whose lock name is
     * rendered from a parameter, and one static method with a constant name.
     */
    static byte[] target() {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, TARGET, null, "java/lang/Object", null);
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor render =
                writer.visitMethod(Opcodes.ACC_PUBLIC, "resize", "(Ljava/lang/String;I)Ljava/lang/String;", null, null);
        locked(render, "warm-up-{volumeId}");
        render.visitCode();
        Label start = new Label();
        Label end = new Label();
        render.visitLabel(start);
        render.visitVarInsn(Opcodes.ALOAD, 1);
        render.visitInsn(Opcodes.ARETURN);
        render.visitLabel(end);
        render.visitLocalVariable("this", "L" + TARGET + ";", null, start, end, 0);
        render.visitLocalVariable("volumeId", "Ljava/lang/String;", null, start, end, 1);
        render.visitLocalVariable("size", "I", null, start, end, 2);
        render.visitMaxs(0, 0);
        render.visitEnd();

        MethodVisitor tick = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "tick", "()V", null, null);
        locked(tick, "warm-up");
        tick.visitCode();
        tick.visitInsn(Opcodes.RETURN);
        tick.visitMaxs(0, 0);
        tick.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static void locked(MethodVisitor method, String template) {
        AnnotationVisitor annotation = method.visitAnnotation(ANNOTATION_DESCRIPTOR, true);
        AnnotationVisitor value = annotation.visitArray("value");
        value.visit(null, template);
        value.visitEnd();
        annotation.visitEnd();
    }

    /**
     * A stand-in for {@code dev.coordination.Synchronized} with its members and defaults (the agent
     * cannot read the application's copy; WeavingWarmUpTest compares the two).
     */
    static byte[] annotation() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(
                Opcodes.V11,
                Opcodes.ACC_PUBLIC | Opcodes.ACC_ANNOTATION | Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT,
                ANNOTATION,
                null,
                "java/lang/Object",
                new String[] {"java/lang/annotation/Annotation"});
        member(writer, "value", "[Ljava/lang/String;", null, null);
        member(writer, "blocking", "Z", Boolean.TRUE, null);
        member(writer, "timeout", "J", -1L, null);
        member(writer, "unit", "Ljava/util/concurrent/TimeUnit;", null, "SECONDS");
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static void member(
            ClassWriter writer, String name, String descriptor, Object defaultValue, String defaultEnum) {
        MethodVisitor method =
                writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_ABSTRACT, name, "()" + descriptor, null, null);
        if (defaultValue != null || defaultEnum != null) {
            AnnotationVisitor value = method.visitAnnotationDefault();
            if (defaultEnum != null) {
                value.visitEnum(null, descriptor, defaultEnum);
            } else {
                value.visit(null, defaultValue);
            }
            value.visitEnd();
        }
        method.visitEnd();
    }

    /** Serves the warm-up's two class files as resources, which is all ByteBuddy asks a loader for. */
    private static final class ServingLoader extends ClassLoader {
        private final Map<String, byte[]> files;

        ServingLoader(Map<String, byte[]> files) {
            super(null);
            this.files = files;
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            byte[] file = files.get(name);
            return file == null ? super.getResourceAsStream(name) : new ByteArrayInputStream(file);
        }
    }
}
