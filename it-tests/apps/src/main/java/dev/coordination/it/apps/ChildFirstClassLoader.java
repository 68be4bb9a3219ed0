package dev.coordination.it.apps;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * A plugin class loader as servlet containers and plugin hosts have them: it looks in its own jars
 * before asking its parent, so a plugin's copy of a library (here the coordination annotations)
 * wins over the host's. Only the JDK's own classes are always the parent's.
 */
final class ChildFirstClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    ChildFirstClassLoader(String name, URL[] urls, ClassLoader parent) {
        super(name, urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null && !name.startsWith("java.")) {
                try {
                    type = findClass(name);
                } catch (ClassNotFoundException notMine) {
                    // Not in the plugin's jars: the parent's (the agent's bridge is found this way).
                }
            }
            if (type == null) {
                type = super.loadClass(name, false);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    public URL getResource(String name) {
        URL mine = findResource(name);
        return mine != null ? mine : super.getResource(name);
    }
}
