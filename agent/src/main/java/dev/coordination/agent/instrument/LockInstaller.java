package dev.coordination.agent.instrument;

import dev.coordination.agent.runtime.LockSites;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the class file transformer that weaves {@link LockAdvice} into {@code @Synchronized}
 * methods as their classes load. Classes whose bytes never mention the annotation are passed over
 * before ByteBuddy parses them ({@link AnnotatedClassFilter}). Classes of every class loader are
 * woven alike, child-first and isolated plugin loaders included: the advice names only the bridge,
 * which every loader finds through the bootstrap loader (PluginClassLoaderIT); classes of named
 * modules get their module's packages exported to the agent ({@link ModuleExports}, ModularAppIT).
 */
public final class LockInstaller {

    private static final Logger log = LoggerFactory.getLogger(LockInstaller.class);

    private LockInstaller() {}

    /**
     * Weaves, from now on, every class that loads with {@code @Synchronized} methods (of the
     * packages in {@code include}, or all): returns the transformer, which tests remove again.
     */
    public static ClassFileTransformer install(Instrumentation instrumentation, LockSites sites, List<String> include) {
        ClassFileTransformer transformer = filter(sites, include, instrumentation);
        instrumentation.addTransformer(transformer, instrumentation.isRetransformClassesSupported());
        return transformer;
    }

    /** Weaves a class of its own once, on a daemon thread, so the application's first weave is warm. */
    public static void warmUpInBackground() {
        WeavingWarmUp.startInBackground(() -> filter(new LockSites(), List.of(), null));
    }

    /**
     * For an agent attached to a running JVM: retransforms the classes loaded before it that declare
     * {@code @Synchronized} methods, through {@code installed} ({@link #install}'s transformer).
     * Returns one line saying what was done.
     */
    public static String retransformLoaded(
            Instrumentation instrumentation, ClassFileTransformer installed, LockSites sites) {
        return new LoadedClassRetransformer(instrumentation, (AnnotatedClassFilter) installed, sites)
                .retransformLoadedClasses();
    }

    /** The transformer alone, for in-process tests (it opens no named module to the agent). */
    public static ClassFileTransformer transformer(LockSites sites, List<String> include) {
        return filter(sites, include, null);
    }

    private static AnnotatedClassFilter filter(LockSites sites, List<String> include, Instrumentation instrumentation) {
        ClassFileTransformer byteBuddy = new AgentBuilder.Default(new ByteBuddy()
                        .with(TypeValidation.DISABLED)
                        .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE))
                .disableClassFormatChanges()
                .with(new SharedJdkTypes())
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
                // Advice is inlined into the application's classes: nothing is ever injected.
                .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
                .with(new FailureListener())
                .with(
                        instrumentation == null
                                ? AgentBuilder.Listener.NoOp.INSTANCE
                                : new ModuleExports(instrumentation))
                .ignore(ElementMatchers.none())
                .type(ElementMatchers.declaresMethod(
                        ElementMatchers.isAnnotatedWith(ElementMatchers.named(SynchronizedMethods.ANNOTATION))))
                .transform(new Weaver(sites))
                .makeRaw();
        return new AnnotatedClassFilter(byteBuddy, new FailClosedRewriter(sites), include);
    }

    /** Compiles the type's annotated methods into sites and visits them with the advice. */
    private static final class Weaver implements AgentBuilder.Transformer {
        private final LockSites sites;
        /**
         * Parsed on the first weave (the warm-up's, usually), not in premain, then shared by every
         * class of every weaver (SiteIdMapping).
         */
        private static volatile Advice advice;

        Weaver(LockSites sites) {
            this.sites = sites;
        }

        private static Advice advice() {
            Advice parsed = advice;
            if (parsed == null) {
                parsed = Advice.withCustomMapping()
                        .bind(dev.coordination.agent.bootstrap.SiteId.class, new SiteIdMapping())
                        .to(
                                TypeDescription.ForLoadedType.of(LockAdvice.class),
                                ClassFileLocator.ForClassLoader.of(LockAdvice.class.getClassLoader()));
                advice = parsed;
            }
            return parsed;
        }

        @Override
        public DynamicType.Builder<?> transform(
                DynamicType.Builder<?> builder,
                TypeDescription type,
                ClassLoader loader,
                JavaModule module,
                java.security.ProtectionDomain protectionDomain) {
            boolean registered = false;
            for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
                if (SynchronizedMethods.annotation(method) == null || method.isBridge()) {
                    // javac copies annotations onto bridge methods; the bridge calls the real method, locked once.
                    continue;
                }
                String unlockable = SynchronizedMethods.unlockable(type, method);
                if (unlockable != null) {
                    log.error(unlockable);
                    continue;
                }
                // The class's TransformAttempt keeps the ids: SiteIdMapping writes them into the code.
                TransformAttempt.siteRegistered(
                        SiteIdMapping.key(method), sites.register(SynchronizedMethods.compile(type, method, loader)));
                registered = true;
            }
            if (!registered) {
                return builder;
            }
            return builder.visit(
                    advice().on(method -> TransformAttempt.registeredSiteId(SiteIdMapping.key(method)) != null));
        }
    }

    /**
     * ByteBuddy swallows a failed transformation; this hands the error to the class's {@link
     * TransformAttempt}, so {@link AnnotatedClassFilter} makes the class fail closed and logs it once.
     */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            TransformAttempt.failed(typeName, error);
        }
    }
}
