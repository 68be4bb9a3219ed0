package dev.coordination.bench.startup;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The start-up group's control: an agent whose transformer changes nothing, registered as the
 * coordination agent registers its own (able to retransform). What it costs is what the JVM
 * charges any agent that sees every class as it loads: one call into Java and a copy of the class
 * file per class. {@code StartupGroup} puts it in a jar of its own whose manifest names it; the
 * class itself is found on the fork's class path (the test classes). Test class path.
 */
public final class NoOpTransformerAgent {

    private NoOpTransformerAgent() {}

    public static void premain(String arguments, Instrumentation instrumentation) {
        instrumentation.addTransformer(
                new ClassFileTransformer() {
                    @Override
                    public byte[] transform(
                            Module module,
                            ClassLoader loader,
                            String className,
                            Class<?> redefined,
                            ProtectionDomain domain,
                            byte[] classFile) {
                        return null;
                    }
                },
                instrumentation.isRetransformClassesSupported());
    }
}
