package dev.coordination.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

class LoggingReadyTransformerTest {

    private final LoggingReadyTransformer transformer = new LoggingReadyTransformer();

    private static byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Per method of {@code name}: its instructions, calls as {@code owner.name}, others by opcode. */
    private static List<String> instructions(byte[] classFile, String method) {
        List<String> seen = new ArrayList<>();
        new ClassReader(classFile)
                .accept(
                        new ClassVisitor(Opcodes.ASM9) {
                            @Override
                            public MethodVisitor visitMethod(
                                    int access, String name, String descriptor, String signature, String[] exceptions) {
                                if (!name.equals(method)) {
                                    return null;
                                }
                                return new MethodVisitor(Opcodes.ASM9) {
                                    @Override
                                    public void visitMethodInsn(
                                            int opcode,
                                            String owner,
                                            String name,
                                            String descriptor,
                                            boolean isInterface) {
                                        seen.add(owner + "." + name);
                                    }

                                    @Override
                                    public void visitInsn(int opcode) {
                                        if (opcode == Opcodes.ARETURN) {
                                            seen.add("areturn");
                                        }
                                    }
                                };
                            }
                        },
                        0);
        return seen;
    }

    @Test
    void signalsBeforeEveryReturnOfSlf4jsGetILoggerFactory() throws IOException {
        byte[] original = classFile(org.slf4j.LoggerFactory.class);

        byte[] changed =
                transformer.transform(getClass().getClassLoader(), "org/slf4j/LoggerFactory", null, null, original);

        assertThat(changed).isNotNull();
        List<String> calls = instructions(changed, "getILoggerFactory");
        assertThat(calls).contains("areturn");
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).equals("areturn")) {
                assertThat(calls.get(i - 1)).isEqualTo("dev/coordination/agent/bootstrap/LoggingReady.signal");
            }
        }
        assertThat(instructions(changed, "getLogger"))
                .as("other methods unchanged")
                .doesNotContain("dev/coordination/agent/bootstrap/LoggingReady.signal");
    }

    @Test
    void leavesEveryOtherClassAlone() throws IOException {
        byte[] original = classFile(LoggingReadyTransformerTest.class);
        assertThat(transformer.transform(
                        getClass().getClassLoader(),
                        "dev/coordination/agent/instrument/LoggingReadyTransformerTest",
                        null,
                        null,
                        original))
                .isNull();
        assertThat(transformer.transform(null, "org/slf4j/LoggerFactory", null, null, original))
                .as("nothing in the bootstrap class loader")
                .isNull();
    }
}
