package dev.coordination.agent.template;

import java.lang.invoke.MethodHandle;
import java.lang.ref.WeakReference;

/**
 * {@code .attr}: resolved once per runtime class of the value (see {@link Accessor}) and cached in a
 * {@link ClassValue}, so a call does a cache lookup and one {@code invokeExact}, never reflection.
 * The accessor of the first class seen is kept aside as well: a step almost always meets one class,
 * and comparing it is cheaper than the {@code ClassValue} look-up ({@code RenderBenchmark}).
 * Kept weakly, as the {@code ClassValue} keeps it, so that a template never pins the class loader
 * of a value it once read.
 */
final class AttrStep extends Step {

    private static final WeakReference<Accessor> NONE = new WeakReference<>(null);

    private final Cache accessors;
    private volatile WeakReference<Accessor> last = NONE;

    AttrStep(String parentPath, String path, String name) {
        super(parentPath, path);
        this.accessors = new Cache(name);
    }

    @Override
    Object apply(Object value, String where) {
        Class<?> type = value.getClass();
        Accessor seen = last.get();
        Accessor accessor = seen;
        if (seen == null || seen.type != type) {
            accessor = accessors.get(type);
            if (seen == null) {
                // Only the first class is kept aside: a step that meets several classes in turn
                // would otherwise allocate a reference on every call.
                last = new WeakReference<>(accessor);
            }
        }
        MethodHandle handle = accessor.handle;
        if (handle == null) {
            throw new TemplateRenderException(where + ": cannot render " + path + ": " + accessor.text);
        }
        try {
            return (Object) handle.invokeExact(value);
        } catch (VirtualMachineError e) {
            // Out of memory or stack is not the template's fault; let it surface as itself.
            throw e;
        } catch (Throwable e) {
            throw new TemplateRenderException(
                    where + ": reading " + path + " called " + accessor.text + ", which threw " + e
                            + "; fix the accessor or render another property",
                    e);
        }
    }

    // A static class, not an anonymous one: a cached value must not reach back to the template.
    private static final class Cache extends ClassValue<Accessor> {

        private final String name;

        Cache(String name) {
            this.name = name;
        }

        @Override
        protected Accessor computeValue(Class<?> type) {
            return Accessor.resolve(type, name);
        }
    }
}
