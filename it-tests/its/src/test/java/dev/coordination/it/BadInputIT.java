package dev.coordination.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.it.ScenarioClient.Reply;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every template mistake the docs list (docs/templates.md), in a JVM with the real agent: the call
 * fails with {@code LockTemplateException} saying what is wrong, the body never runs, and the JVM
 * goes on serving good annotated methods. One member in unsafe mode is enough (and fast): no lock
 * is contended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

    private ScenarioCluster single;

    @BeforeAll
    void startJvm() throws Exception {
        single = ScenarioCluster.start("bad", 1, "");
    }

    @AfterAll
    void stopJvm() {
        if (single != null) {
            single.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "syntax            | syntax(String)           | unclosed '{' at position 4",
                "unknownName       | unknownName(String)      | refers to \"nmae\", which is not a parameter"
                        + " of the method (known names: name, f_name)",
                "thisInStatic      | thisInStatic(String)     | the method is static and has no receiver",
                "conversion        | conversion(String)       | conversion '!r' at position",
                "formatSpec        | formatSpec(String)       | format spec ':>8' at position",
                "noWaitWithTimeout | noWaitWithTimeout(String) | has blocking=false and timeout=5 SECONDS",
                "nullParameter     | volume(Volume)           | vol is null for this call",
                "nullOnPath        | volume(Volume)           | vol.id is null for this call",
                "missingProperty   | missingProperty(Volume)  | no record component or public method size()",
                "missingKey        | snapshot(Map)            | snap[name] is null for this call",
                "badIndex          | element(List)            | index 5 is out of range for items, which has 2",
                "identityToString  | identity(Object)         | keeps Object's own toString()",
                "at                | plain(String)            | contains '@', which Hazelcast would read as",
                "empty             | plain(String)            | rendered the lock name \"\", which is empty",
                "tooLong           | plain(String)            | is 513 characters long (at most 512)",
                "future            | future(String)           | it returns java.util.concurrent.CompletableFuture",
            })
    void templateMistakeFailsWithoutRunningTheBodyAndTheJvmGoesOn(String mistake, String method, String says)
            throws Exception {
        Reply reply = single.jvm(1).ok("BAD " + mistake, 60);
        assertThat(reply.get("exception")).as(reply.line).isEqualTo("dev.coordination.LockTemplateException");
        assertThat(reply.get("bodyRan")).isEqualTo("false");
        assertThat(reply.get("message")).contains("BadTemplates#" + method).contains(says);

        Reply good = single.jvm(1).send("TRY good-after-" + mistake, 60);
        assertThat(good.ok).as("a good annotated method still works: %s", good).isTrue();
    }

    @Test
    void classCompiledWithoutParameterNamesSaysToCompileWithParameters() throws Exception {
        Path classes = compileWithoutDebugInfo(single.dir.resolve("nonames"));
        Reply reply = single.jvm(1).ok("LOADRUN " + classes + " nonames.NoNames v1", 60);
        assertThat(reply.get("exception")).as(reply.line).isEqualTo("dev.coordination.LockTemplateException");
        assertThat(reply.get("bodyRan")).isEqualTo("false");
        assertThat(reply.get("message"))
                .contains("NoNames#locked(String)")
                .contains("\"volumeId\"")
                .contains("compiled without -parameters")
                .contains("compile with -parameters");

        Reply good = single.jvm(1).send("TRY good-after-nonames", 60);
        assertThat(good.ok).as("a good annotated method still works: %s", good).isTrue();
    }

    @Test
    void classTheAgentCannotInstrumentLoadsAndItsLockedMethodFailsClosed() throws Exception {
        Path classes = writeMethodAtTheCodeLimit(single.dir.resolve("huge"));
        for (int call = 1; call <= 2; call++) {
            Reply reply = single.jvm(1).ok("LOADRUN " + classes + " huge.Huge v" + call, 60);
            assertThat(reply.get("exception")).as(reply.line).isEqualTo("dev.coordination.LockTemplateException");
            assertThat(reply.get("bodyRan"))
                    .as("the body of a method that could not be locked")
                    .isEqualTo("false");
            assertThat(reply.get("message"))
                    .contains(
                            "Huge#locked(String)",
                            "could not be instrumented",
                            "MethodTooLargeException",
                            "throws instead of running unlocked");
        }
        String log = single.jvm(1).jvm.output();
        assertThat(log.split("Could not instrument huge.Huge", -1))
                .as("logged once per loading: %s", log)
                .hasSize(3);

        Reply good = single.jvm(1).send("TRY good-after-huge", 60);
        assertThat(good.ok).as("a good annotated method still works: %s", good).isTrue();
    }

    @Test
    void runsWithTheAgentOnTheJdkTheBuildChose() throws Exception {
        Reply ping = single.jvm(1).ok("PING", 30);
        assertThat(ping.get("active")).as("Coordination.isActive()").isEqualTo("true");
        Path expected = Path.of(System.getProperty("it.java.home", System.getProperty("java.home")));
        assertThat(Path.of(ping.get("javaHome")).toRealPath()).as(ping.line).isEqualTo(expected.toRealPath());
        System.out.printf(
                "BadInputIT: the agent's JVM runs Java %s from %s%n", ping.get("javaVersion"), ping.get("javaHome"));
    }

    /**
     * {@code huge.Huge}, whose {@code @Synchronized} method {@code locked(String)} is 65,520 bytes of
     * code: the JVM loads it as it is, but the inlined advice would push it over the 65,535-byte
     * limit, so ByteBuddy cannot instrument the class. No javac writes such a method on purpose; code
     * generators do.
     */
    private static Path writeMethodAtTheCodeLimit(Path dir) throws Exception {
        ClassWriter writer = ClassFiles.publicClass("huge/Huge");
        writer.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_VOLATILE, "ran", "Z", null, null)
                .visitEnd();
        MethodVisitor locked =
                ClassFiles.lockedMethod(writer, Opcodes.ACC_STATIC, "locked", "(Ljava/lang/String;)V", "huge");
        for (int i = 0; i < 65_520 - 5; i++) {
            locked.visitInsn(Opcodes.NOP);
        }
        locked.visitInsn(Opcodes.ICONST_1);
        locked.visitFieldInsn(Opcodes.PUTSTATIC, "huge/Huge", "ran", "Z");
        locked.visitInsn(Opcodes.RETURN);
        ClassFiles.end(locked);
        MethodVisitor bodyRan =
                writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "bodyRan", "()Z", null, null);
        bodyRan.visitCode();
        bodyRan.visitFieldInsn(Opcodes.GETSTATIC, "huge/Huge", "ran", "Z");
        bodyRan.visitInsn(Opcodes.IRETURN);
        ClassFiles.end(bodyRan);
        return ClassFiles.write(dir, "huge/Huge", writer);
    }

    /** javac -g:none, without -parameters: the class file keeps no parameter names at all. */
    private static Path compileWithoutDebugInfo(Path dir) throws Exception {
        Path source = dir.resolve("src").resolve("nonames").resolve("NoNames.java");
        Path classes = dir.resolve("classes");
        Files.createDirectories(source.getParent());
        Files.createDirectories(classes);
        Files.writeString(
                source,
                String.join(
                        "\n",
                        "package nonames;",
                        "import dev.coordination.Synchronized;",
                        "public class NoNames {",
                        "    private static volatile boolean ran;",
                        "    @Synchronized(\"volume-{volumeId}\")",
                        "    public static void locked(String volumeId) { ran = true; }",
                        "    public static boolean bodyRan() { return ran; }",
                        "}",
                        ""));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("the tests need a JDK, not a JRE").isNotNull();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> arguments = List.of(
                "-g:none",
                "--release",
                "17",
                "-cp",
                System.getProperty("it.annotations.jar") + File.pathSeparator,
                "-d",
                classes.toString(),
                source.toString());
        int status = javac.run(null, null, errors, arguments.toArray(new String[0]));
        assertThat(status)
                .as("javac: %s", errors.toString(StandardCharsets.UTF_8))
                .isZero();
        return classes;
    }
}
