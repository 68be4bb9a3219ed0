package dev.coordination.agent.template;

import java.lang.invoke.MethodHandle;

/**
 * {@code .attr}: resolved once per runtime class of the value (see {@link Accessor}) and cached in a
 * {@link ClassValue}, so a call does a cache lookup and one {@code invokeExact}, never reflection.
 */
final class AttrStep extends Step {

    private final Cache accessors;

    AttrStep(String parentPath, String path, String name) {
        super(parentPath, path);
        this.accessors = new Cache(name);
    }

    @Override
    Object apply(Object value, String where) {
        Accessor accessor = accessors.get(value.getClass());
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
            throw new TemplateRenderException(where + ": reading " + path + " called " + accessor.text
                    + ", which threw " + e + "; fix the accessor or render another property", e);
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
