package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Every method shape (docs/compatibility.md) in one JVM with the real agent ({@code ShapesApp}):
 * overloads, generic methods and their bridges (locked once), default/static/private interface
 * methods, records, enums and enum constant bodies, inner, local and anonymous classes, a lambda
 * calling a locked method, {@code synchronized} methods, {@code long}/{@code double} parameters,
 * varargs; and the shapes that cannot be locked (abstract, native, a constructor) reported at load
 * time while their classes load and work.
 */
class MethodShapesIT {

    private static final String APP = "dev.coordination.it.apps.shapes.ShapesApp";

    @Test
    void everyMethodShapeIsLockedOnceAndUnlockableShapesAreReportedAtLoad() throws Exception {
        Path dir = AgentJvm.workDir("shapes");
        Path generated = writeClassWithAnnotatedConstructor(dir.resolve("generated"));
        String args = Ports.cluster("shapes", Ports.freeBlock(1), 1, "");
        try (AgentJvm jvm = AgentJvm.start("shapes", dir, args, APP, generated.toString())) {
            int exit = jvm.awaitExit(180);
            String log = jvm.output();
            List<String> shapes =
                    log.lines().filter(line -> line.startsWith("SHAPE ")).collect(Collectors.toList());
            System.out.println("MethodShapesIT:\n" + String.join("\n", shapes));
            assertThat(shapes)
                    .as("log:\n%s", log)
                    .hasSize(20)
                    .allSatisfy(line -> assertThat(line).endsWith(" ok"));
            assertThat(exit).as("exit code; log:\n%s", log).isZero();

            assertThat(log)
                    .contains(
                            "@Synchronized on abstract method dev.coordination.it.apps.shapes.Shapes$Unlockable#notLockable"
                                    + " has no effect",
                            "@Synchronized on abstract method dev.coordination.it.apps.shapes.Shapes$UnlockableInterface"
                                    + "#notLockable has no effect",
                            "@Synchronized on native method dev.coordination.it.apps.shapes.Shapes$Unlockable#nativeMethod"
                                    + " has no effect",
                            "@Synchronized on a constructor of ctor.Annotated is ignored");
            assertThat(count(log, "@Synchronized on abstract method"))
                    .as("reported once each")
                    .isEqualTo(2);
            assertThat(log).doesNotContain("Could not instrument");
        }
    }

    private static int count(String text, String wanted) {
        Matcher matcher = Pattern.compile(Pattern.quote(wanted)).matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        return found;
    }

    /** {@code ctor.Annotated}: a public constructor carrying {@code @Synchronized}, which javac refuses. */
    private static Path writeClassWithAnnotatedConstructor(Path dir) throws Exception {
        ClassWriter writer = ClassFiles.publicClass("ctor/Annotated");
        MethodVisitor constructor = ClassFiles.lockedMethod(writer, 0, "<init>", "()V", "ctor");
        constructor.visitVarInsn(Opcodes.ALOAD, 0);
        constructor.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        constructor.visitInsn(Opcodes.RETURN);
        ClassFiles.end(constructor);
        MethodVisitor text = writer.visitMethod(Opcodes.ACC_PUBLIC, "toString", "()Ljava/lang/String;", null, null);
        text.visitCode();
        text.visitLdcInsn("constructed");
        text.visitInsn(Opcodes.ARETURN);
        ClassFiles.end(text);
        return ClassFiles.write(dir, "ctor/Annotated", writer);
    }
}
