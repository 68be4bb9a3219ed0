package dev.coordination.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.util.HashMap;
import java.util.Map;

/**
 * A throw-away class loader that defines a few test classes itself (child first), each passed
 * through a {@link ClassFileTransformer} as a JVM would on loading; everything else comes from the
 * test's own loader. Classes that extend one another are defined together, so package-private
 * access still works between them.
 */
final class TransformingLoader extends ClassLoader {

    private final ClassFileTransformer transformer;
    private final Map<String, Class<?>> own = new HashMap<>();

    TransformingLoader(ClassFileTransformer transformer, Class<?>... classes) {
        super(TransformingLoader.class.getClassLoader());
        this.transformer = transformer;
        for (Class<?> type : classes) {
            own.put(type.getName(), null);
        }
    }

    static byte[] bytesOf(Class<?> type) {
        String resource = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            if (!own.containsKey(name)) {
                return super.loadClass(name, resolve);
            }
            Class<?> defined = own.get(name);
            if (defined == null) {
                byte[] original = bytesOf(Class.forName(name, false, getParent()));
                byte[] transformed;
                try {
                    transformed = transformer.transform(this, name.replace('.', '/'), null, null, original);
                } catch (IllegalClassFormatException e) {
                    throw new ClassNotFoundException(name, e);
                }
                byte[] bytes = transformed == null ? original : transformed;
                defined = defineClass(name, bytes, 0, bytes.length);
                own.put(name, defined);
            }
            return defined;
        }
    }
}
