package dev.coordination.agent.instrument;

import dev.coordination.agent.bootstrap.LoggingReady;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Adds {@code LoggingReady.signal(ThisClass.class)} before every return of the application's
 * {@code org.slf4j.LoggerFactory.getILoggerFactory()} (SLF4J 1.7 and 2.x: it has bound its provider)
 * and of Spring Boot's {@code LoggingApplicationListener.initialize(..)} (Spring Boot has applied
 * {@code logback-spring.xml} or its like), so the agent learns when, and in which class loader, the
 * application's logging is ready, without initialising it itself. Changes no other class and nothing
 * else in these two; never takes part in retransformation. Agent jar, system class loader.
 */
public final class LoggingReadyTransformer implements ClassFileTransformer {

    // Built at run time: the agent jar relocates string constants that start with "org.slf4j".
    private static final String SLF4J_FACTORY = String.join("/", "org", "slf4j", "LoggerFactory");
    private static final String SPRING_BOOT_LISTENER =
            "org/springframework/boot/context/logging/LoggingApplicationListener";
    private static final String SIGNAL_OWNER = Type.getInternalName(LoggingReady.class);
    private static final String SIGNAL_DESCRIPTOR = "(Ljava/lang/Class;)V";
    /** Class files older than Java 5 cannot load a class constant. */
    private static final int JAVA_5 = 49;

    @Override
    public byte[] transform(
            ClassLoader loader,
            String className,
            Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain,
            byte[] classfileBuffer) {
        String method;
        if (SLF4J_FACTORY.equals(className)) {
            method = "getILoggerFactory";
        } else if (SPRING_BOOT_LISTENER.equals(className)) {
            method = "initialize";
        } else {
            return null;
        }
        if (loader == null || classBeingRedefined != null) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classfileBuffer);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            SignalAtReturn visitor = new SignalAtReturn(writer, className, method);
            reader.accept(visitor, 0);
            return visitor.changed ? writer.toByteArray() : null;
        } catch (RuntimeException e) {
            // Unchanged, the application's logging still works; the agent's lines then wait for
            // their deadline (coordination.log-output=auto) or the JVM's exit.
            return null;
        }
    }

    /** Inserts the signal before each normal return of the one method named. */
    private static final class SignalAtReturn extends ClassVisitor {

        private final String className;
        private final String method;
        private boolean supported = true;
        boolean changed;

        SignalAtReturn(ClassVisitor next, String className, String method) {
            super(Opcodes.ASM9, next);
            this.className = className;
            this.method = method;
        }

        @Override
        public void visit(
                int version, int access, String name, String signature, String superName, String[] interfaces) {
            supported = (version & 0xFFFF) >= JAVA_5;
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (!supported || !method.equals(name) || (access & Opcodes.ACC_ABSTRACT) != 0) {
                return next;
            }
            changed = true;
            return new MethodVisitor(Opcodes.ASM9, next) {
                @Override
                public void visitInsn(int opcode) {
                    if (opcode == Opcodes.RETURN || opcode == Opcodes.ARETURN) {
                        super.visitLdcInsn(Type.getObjectType(className));
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, SIGNAL_OWNER, "signal", SIGNAL_DESCRIPTOR, false);
                    }
                    super.visitInsn(opcode);
                }
            };
        }
    }
}
