package dev.coordination.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coordination.agent.bootstrap.LockBridge;
import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.runtime.LockSites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A class ByteBuddy cannot instrument (a {@code @Synchronized} method so close to the JVM's 64 KB
 * code limit that the inlined advice pushes it over) still loads, its other methods run, and its
 * locked methods throw instead of running unlocked; the failure is logged once.
 */
class FailClosedTest {

    private static final String HUGE = "dev.coordination.samples.Huge";

    private final List<String> events = new ArrayList<>();
    private final RecordingDispatcher dispatcher = new RecordingDispatcher(events);
    private final LockSites sites = new LockSites();
    private final ClassFileTransformer transformer = LockInstaller.transformer(sites, List.of());

    @BeforeEach
    void installDispatcher() {
        LockBridge.install(dispatcher);
    }

    @AfterEach
    void uninstallDispatcher() {
        LockBridge.uninstall();
    }

    @Test
    void classThatCannotBeInstrumentedLoadsAndItsLockedMethodsThrow() throws Throwable {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Class<?> huge;
        try {
            huge = load(hugeClass());
        } finally {
            System.setErr(original);
        }

        assertThat(huge.getMethod("plain").invoke(null)).isEqualTo("plain");
        assertThatThrownBy(() -> call(huge, "run"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("refused site " + dispatcher.site);
        assertThatThrownBy(() -> call(huge, "small")).isInstanceOf(IllegalStateException.class);
        assertThat(events).containsExactly("refusal", "refusal");

        assertThat(sites.count())
                .as("the weaver's sites are replaced, not added to")
                .isEqualTo(2);
        List<String> errors = new ArrayList<>();
        for (LockSite site : sites.all()) {
            errors.add(site.loadError());
        }
        assertThat(errors)
                .allSatisfy(error -> assertThat(error)
                        .contains(
                                "could not be instrumented",
                                "MethodTooLargeException",
                                "throws instead of running unlocked"));
        assertThat(sites.all()).extracting(LockSite::label).containsExactlyInAnyOrder("Huge#run()", "Huge#small()");
        assertThat(sites.all().get(0).templateSources()).hasSize(1);

        String log = err.toString(StandardCharsets.UTF_8);
        assertThat(log.split("Could not instrument", -1))
                .as("logged once: %s", log)
                .hasSize(2);
        assertThat(log)
                .contains("dev.coordination.samples.Huge", "[Huge#run(), Huge#small()]", "instead of running unlocked");
    }

    @Test
    void classThatCanBeInstrumentedIsWovenAsBefore() throws Throwable {
        Class<?> small = load(classWithRunOf(10));
        assertThat(call(small, "run")).isEqualTo("ran");
        assertThat(events).containsExactly("enter", "exit");
    }

    private static Object call(Class<?> type, String method) throws Throwable {
        try {
            return type.getMethod(method).invoke(null);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Class<?> load(byte[] original) throws Exception {
        OneClassLoader loader = new OneClassLoader();
        byte[] transformed = transformer.transform(loader, HUGE.replace('.', '/'), null, null, original);
        assertThat(transformed).as("the transformer's answer").isNotNull();
        return loader.define(transformed);
    }

    /** Defines the test's generated class; everything else comes from the test's loader. */
    private static final class OneClassLoader extends ClassLoader {
        OneClassLoader() {
            super(FailClosedTest.class.getClassLoader());
        }

        Class<?> define(byte[] classFile) {
            return defineClass(HUGE, classFile, 0, classFile.length);
        }
    }

    private static byte[] hugeClass() {
        // 65,520 bytes of code: under the JVM's 65,535 limit, over it once the advice is inlined.
        return classWithRunOf(65_520 - 4);
    }

    /** {@code Huge} with static {@code run()} ({@code nops} NOPs, then "ran"), {@code small()} and {@code plain()}. */
    private static byte[] classWithRunOf(int nops) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(
                Opcodes.V17,
                Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER,
                HUGE.replace('.', '/'),
                null,
                "java/lang/Object",
                null);
        MethodVisitor run = lockedMethod(writer, "run", "huge");
        for (int i = 0; i < nops; i++) {
            run.visitInsn(Opcodes.NOP);
        }
        returnText(run, "ran");
        if (nops > 1000) {
            returnText(lockedMethod(writer, "small", "small"), "small");
        }
        MethodVisitor plain = writer.visitMethod(
                Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "plain", "()Ljava/lang/String;", null, null);
        plain.visitCode();
        returnText(plain, "plain");
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static MethodVisitor lockedMethod(ClassWriter writer, String name, String template) {
        MethodVisitor method =
                writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, name, "()Ljava/lang/String;", null, null);
        AnnotationVisitor annotation = method.visitAnnotation("Ldev/coordination/Synchronized;", true);
        AnnotationVisitor value = annotation.visitArray("value");
        value.visit(null, template);
        value.visitEnd();
        annotation.visitEnd();
        method.visitCode();
        return method;
    }

    private static void returnText(MethodVisitor method, String text) {
        method.visitLdcInsn(text);
        method.visitInsn(Opcodes.ARETURN);
        method.visitMaxs(0, 0);
        method.visitEnd();
    }
}
