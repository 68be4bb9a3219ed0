package dev.coordination.agent.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * ByteBuddy's type pools for the classes the agent weaves, all asking one shared pool first for
 * {@code java.*} types. Weaving a class resolves JDK types it names: {@code String} for the
 * annotation's {@code String[]} value, {@code TimeUnit} for its unit, the return type's supertypes.
 * ByteBuddy's default strategy makes a new pool, so a new parse of each of those class files (with
 * code, in extended mode), for every woven class; that parse was most of the cost of weaving a class
 * at start-up (StartupGroup in it-tests). Only {@code java.*} is shared: no class loader but the
 * JDK's may define such a class, so their descriptions are the same for every loader; any other
 * type, {@code javax.*} included, is read through the woven class's own loader, as before. Lives in
 * the agent jar's loader; thread-safe (ByteBuddy's pools and caches are).
 */
final class SharedJdkTypes implements AgentBuilder.PoolStrategy {

    /** One for the JVM: the warm-up's weave fills it for the agent's ({@link WeavingWarmUp}). */
    private static final TypePool JDK = new JdkTypePool();

    @Override
    public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader) {
        return new TypePool.Default.WithLazyResolution(
                new TypePool.CacheProvider.Simple(), classFileLocator, TypePool.Default.ReaderMode.EXTENDED, JDK);
    }

    @Override
    public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader, String name) {
        return typePool(classFileLocator, classLoader);
    }

    /** Whether {@code name} (binary name, or array descriptor) is a {@code java.*} type or an array of one. */
    static boolean isJavaType(String name) {
        int start = 0;
        while (start < name.length() && name.charAt(start) == '[') {
            start++;
        }
        if (start > 0 && start < name.length() && name.charAt(start) == 'L') {
            start++;
        }
        return name.startsWith("java.", start);
    }

    /**
     * The bootstrap loader's {@code java.*} classes, parsed once, without code (their parameter
     * names are never needed). Answers nothing else, so the woven class's pool looks further; a
     * {@code java.*} class the bootstrap loader lacks (one of the platform loader's) is left to it too.
     */
    private static final class JdkTypePool extends TypePool.Default {

        JdkTypePool() {
            super(
                    TypePool.CacheProvider.Simple.withObjectType(),
                    ClassFileLocator.ForClassLoader.ofBootLoader(),
                    TypePool.Default.ReaderMode.FAST);
        }

        @Override
        public Resolution describe(String name) {
            return isJavaType(name) ? super.describe(name) : new Resolution.Illegal(name);
        }

        @Override
        public void clear() {
            // Shared by every weave: one weave's pool clearing its cache must not empty this one.
        }
    }
}
