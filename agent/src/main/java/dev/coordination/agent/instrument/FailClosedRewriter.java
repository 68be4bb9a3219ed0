package dev.coordination.agent.instrument;

import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.runtime.LockSites;
import dev.coordination.agent.template.MethodShape;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * Rewrites a class that ByteBuddy could not instrument so that each of its {@code @Synchronized}
 * methods throws instead of running: the method's code becomes {@code throw
 * LockBridge.refusal(site)}, three instructions that need no stack map frame and cannot push a
 * method past the JVM's 64 KB limit. Every other method, and the class's shape, stay as they were,
 * so the class still loads and the rest of the application runs, while its locked methods never run
 * unlocked ({@code FailClosedTest}). Lives in the agent jar's loader; the rewritten code names only
 * the bootstrap bridge.
 */
final class FailClosedRewriter {

    private static final String BRIDGE = "dev/coordination/agent/bootstrap/LockBridge";
    private static final String ANNOTATION = SynchronizedMethods.ANNOTATION_DESCRIPTOR;
    private static final int NOT_REWRITTEN = Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE;

    private final LockSites sites;

    FailClosedRewriter(LockSites sites) {
        this.sites = sites;
    }

    /** The rewritten class file and the labels of the methods that now fail closed. */
    static final class Rewritten {
        final byte[] classFile;
        final List<String> methods;

        Rewritten(byte[] classFile, List<String> methods) {
            this.classFile = classFile;
            this.methods = methods;
        }
    }

    /**
     * @param attempt the failed attempt: sites the weaver already registered keep their numbers
     * @param cause what went wrong, for the message every call of the rewritten methods throws
     */
    Rewritten rewrite(byte[] classFile, ClassLoader loader, TransformAttempt attempt, String cause) {
        ClassReader reader = OpenedClassReader.of(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        List<String> refused = new ArrayList<>();
        reader.accept(
                new ClassVisitor(OpenedClassReader.ASM_API, writer) {
                    private String className;

                    @Override
                    public void visit(
                            int version,
                            int access,
                            String name,
                            String signature,
                            String superName,
                            String[] interfaces) {
                        className = name.replace('/', '.');
                        super.visit(version, access, name, signature, superName, interfaces);
                    }

                    @Override
                    public MethodVisitor visitMethod(
                            int access, String name, String descriptor, String signature, String[] exceptions) {
                        MethodVisitor target = super.visitMethod(access, name, descriptor, signature, exceptions);
                        if (target == null || (access & NOT_REWRITTEN) != 0 || name.startsWith("<")) {
                            return target;
                        }
                        MethodShape shape = shape(className, name, descriptor, (access & Opcodes.ACC_STATIC) != 0);
                        return new RefusingMethod(target, shape, descriptor, loader, attempt, cause, refused);
                    }
                },
                0);
        return new Rewritten(writer.toByteArray(), refused);
    }

    private static MethodShape shape(String className, String name, String descriptor, boolean isStatic) {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Type parameter : Type.getArgumentTypes(descriptor)) {
            names.add("arg" + names.size());
            types.add(parameter.getClassName());
        }
        return new MethodShape(className, name, names, false, types, isStatic);
    }

    /**
     * Passes a method through unchanged unless it carries {@code @Synchronized}; then it writes the
     * throwing body in place of the method's code, which it drops by visiting nothing further.
     */
    private final class RefusingMethod extends MethodVisitor {
        private final MethodVisitor target;
        private final MethodShape shape;
        private final String descriptor;
        private final ClassLoader loader;
        private final TransformAttempt attempt;
        private final String cause;
        private final List<String> refused;
        private final List<String> templates = new ArrayList<>();
        private boolean annotated;
        private boolean refusing;

        RefusingMethod(
                MethodVisitor target,
                MethodShape shape,
                String descriptor,
                ClassLoader loader,
                TransformAttempt attempt,
                String cause,
                List<String> refused) {
            super(OpenedClassReader.ASM_API, target);
            this.target = target;
            this.shape = shape;
            this.descriptor = descriptor;
            this.loader = loader;
            this.attempt = attempt;
            this.cause = cause;
            this.refused = refused;
        }

        @Override
        public AnnotationVisitor visitAnnotation(String annotationDescriptor, boolean visible) {
            AnnotationVisitor annotation = super.visitAnnotation(annotationDescriptor, visible);
            if (!ANNOTATION.equals(annotationDescriptor)) {
                return annotation;
            }
            annotated = true;
            return new TemplateValues(annotation, templates);
        }

        @Override
        public void visitCode() {
            if (!annotated) {
                super.visitCode();
                return;
            }
            refusing = true;
            int site = site();
            target.visitCode();
            target.visitLdcInsn(site);
            target.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "refusal", "(I)Ljava/lang/RuntimeException;", false);
            target.visitInsn(Opcodes.ATHROW);
            // From here on the original code reaches no one; visitMaxs and visitEnd still go to target.
            mv = null;
            refused.add(shape.label());
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (!refusing) {
                super.visitMaxs(maxStack, maxLocals);
                return;
            }
            int argumentSlots = Type.getArgumentsAndReturnSizes(descriptor) >> 2;
            target.visitMaxs(1, shape.isStatic() ? argumentSlots - 1 : argumentSlots);
        }

        @Override
        public void visitEnd() {
            if (refusing) {
                target.visitEnd();
            } else {
                super.visitEnd();
            }
        }

        private int site() {
            String reason = "@Synchronized on " + shape.label() + " cannot be honoured: its class could not be"
                    + " instrumented (" + cause + "), so the method throws instead of running unlocked";
            LockSite refusedSite = LockSite.refused(shape, templates, reason, loader);
            Integer registered = attempt.siteId(shape.methodName() + descriptor);
            if (registered != null) {
                sites.replace(registered, refusedSite);
                return registered;
            }
            return sites.register(refusedSite);
        }
    }

    /** Collects the annotation's {@code value} strings while passing them on unchanged. */
    private static final class TemplateValues extends AnnotationVisitor {
        private final List<String> templates;

        TemplateValues(AnnotationVisitor annotation, List<String> templates) {
            super(OpenedClassReader.ASM_API, annotation);
            this.templates = templates;
        }

        @Override
        public AnnotationVisitor visitArray(String name) {
            AnnotationVisitor array = super.visitArray(name);
            if (!"value".equals(name)) {
                return array;
            }
            return new AnnotationVisitor(OpenedClassReader.ASM_API, array) {
                @Override
                public void visit(String ignored, Object value) {
                    templates.add(String.valueOf(value));
                    super.visit(ignored, value);
                }
            };
        }
    }
}
