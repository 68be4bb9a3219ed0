package dev.coordination.agent.instrument;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a class of a named module gets lock advice, exports every package of that module to the
 * agent's own (unnamed) module, so that templates can read public members of the module's classes
 * ({@code {vol.id}} on a public record in a package the module does not export). An application's
 * module usually exports nothing; without this, every such template would fail until the user
 * added {@code --add-exports}. Only exports, never opens: the agent reads what a template may read
 * (public methods, getters, record components, public fields), nothing private (ModularAppIT).
 *
 * <p>No read edge is added for the advice itself: the JDK gives every named module a class of which
 * an agent transformed read access to the unnamed modules of the boot and system class loaders
 * ({@code jdk.internal.module.Modules#transformedByAgent}), so the inlined call to {@code LockBridge}
 * links (ModularAppIT, on Java 17 and 25). Lives in the agent jar, on the system class loader.
 */
final class ModuleExports extends AgentBuilder.Listener.Adapter {

    private static final Logger log = LoggerFactory.getLogger(ModuleExports.class);

    private final Instrumentation instrumentation;
    private final Module agent = ModuleExports.class.getModule();

    ModuleExports(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    @Override
    public void onTransformation(
            TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
        if (module == null || !module.isNamed() || !(module.unwrap() instanceof Module)) {
            return;
        }
        exportToAgent((Module) module.unwrap(), type.getName());
    }

    void exportToAgent(Module target, String typeName) {
        Map<String, Set<Module>> missing = new HashMap<>();
        for (String pkg : target.getPackages()) {
            if (!target.isExported(pkg, agent)) {
                missing.put(pkg, Set.of(agent));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try {
            instrumentation.redefineModule(target, Set.of(), missing, Map.of(), Set.of(), Map.of());
            log.debug(
                    "Exported {} of module {} to the agent, for the templates of {}",
                    missing.keySet(),
                    target.getName(),
                    typeName);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not export the packages of module {} to the agent ({}): templates of {} that read"
                            + " members of its classes fail unless the JVM runs with --add-exports {}/<package>=ALL-UNNAMED",
                    target.getName(),
                    e.toString(),
                    typeName,
                    target.getName());
        }
    }
}
