package dev.coordination.it;

import java.nio.file.Files;
import java.nio.file.Path;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Writes class files that no javac would (an annotated constructor, a method at the JVM's code
 * size limit) with ByteBuddy's bundled ASM, for tests of what the agent does when they load.
 */
final class ClassFiles {

    private ClassFiles() {}

    /** A public Java 17 class {@code internalName} ({@code pkg/Name}) extending {@code Object}. */
    static ClassWriter publicClass(String internalName) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        return writer;
    }

    /** A public method carrying {@code @Synchronized(template)}, its code started. */
    static MethodVisitor lockedMethod(ClassWriter writer, int access, String name, String descriptor, String template) {
        MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | access, name, descriptor, null, null);
        AnnotationVisitor annotation = method.visitAnnotation("Ldev/coordination/Synchronized;", true);
        AnnotationVisitor templates = annotation.visitArray("value");
        templates.visit(null, template);
        templates.visitEnd();
        annotation.visitEnd();
        method.visitCode();
        return method;
    }

    /** Ends {@code method}: its maximums are computed by the writer. */
    static void end(MethodVisitor method) {
        method.visitMaxs(0, 0);
        method.visitEnd();
    }

    /** Writes the class under {@code dir} (a class-path root), which it returns. */
    static Path write(Path dir, String internalName, ClassWriter writer) throws Exception {
        writer.visitEnd();
        Path classFile = dir.resolve(internalName + ".class");
        Files.createDirectories(classFile.getParent());
        Files.write(classFile, writer.toByteArray());
        return dir;
    }
}
