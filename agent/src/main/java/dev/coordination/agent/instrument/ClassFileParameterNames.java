package dev.coordination.agent.instrument;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Parameter names read from the class file as the class's own loader serves it ({@code
 * getResource(".../X.class")}), for when the bytes being transformed have none. That happens on
 * retransformation (the agent attached to a running JVM): before JDK 19 the JVM hands the
 * transformer class bytes without the {@code MethodParameters} attribute (JDK-8240908), so a class
 * compiled with {@code -parameters} but without debug info would seem to have no names. Lives in
 * the agent jar.
 */
final class ClassFileParameterNames {

    private ClassFileParameterNames() {}

    /**
     * @return the names of {@code method}'s parameters in the class file of {@code typeName} that
     *     {@code loader} serves, or {@code null} when there is no such file, no such method in it, or
     *     it records no names either
     */
    static List<String> of(String typeName, MethodDescription method, ClassLoader loader) {
        try {
            TypePool pool = new TypePool.Default(
                    new TypePool.CacheProvider.Simple(),
                    ClassFileLocator.ForClassLoader.of(loader),
                    TypePool.Default.ReaderMode.EXTENDED);
            TypePool.Resolution resolution = pool.describe(typeName);
            if (!resolution.isResolved()) {
                return null;
            }
            String key = SiteIdMapping.key(method);
            for (MethodDescription.InDefinedShape original :
                    resolution.resolve().getDeclaredMethods()) {
                if (SiteIdMapping.key(original).equals(key)) {
                    return namesOf(original);
                }
            }
            return null;
        } catch (RuntimeException unreadable) {
            // A class file that cannot be read or parsed: the names stay unknown, which the
            // template compiler reports if a template needs them.
            return null;
        }
    }

    private static List<String> namesOf(MethodDescription method) {
        List<String> names = new ArrayList<>();
        for (ParameterDescription parameter : method.getParameters()) {
            if (!parameter.isNamed()) {
                return null;
            }
            names.add(parameter.getName());
        }
        return names;
    }
}
