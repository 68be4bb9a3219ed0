package dev.coordination.agent.template;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * How to read {@code .attr} from instances of one runtime class: a method handle of type
 * {@code (Object)Object}, or the reason there is none. All reflection of the template package
 * happens here, once per class and attribute ({@link AttrStep} caches the result).
 */
final class Accessor {

    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

    /** Null when the attribute cannot be read; {@link #text} then says why. */
    final MethodHandle handle;

    /** The member read, e.g. {@code com.acme.Volume.id()}, or the reason there is none. */
    final String text;

    /** The runtime class this accessor reads from. */
    final Class<?> type;

    private Accessor(Class<?> type, MethodHandle handle, String text) {
        this.type = type;
        this.handle = handle;
        this.text = text;
    }

    /**
     * In this order: a record component or public method {@code attr()} (a record's
     * component accessor is such a method), a getter {@code getAttr()} or {@code isAttr()}, a public
     * field {@code attr}.
     */
    static Accessor resolve(Class<?> type, String name) {
        String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        Method method = publicMethod(type, name);
        if (method == null) {
            method = publicMethod(type, "get" + capitalised);
        }
        if (method == null) {
            method = publicMethod(type, "is" + capitalised);
        }
        if (method != null) {
            return forMethod(type, method);
        }
        Field field = publicField(type, name);
        if (field != null) {
            return forField(type, field);
        }
        return new Accessor(
                type,
                null,
                "class " + type.getName() + " has no record component or public method "
                        + name + "(), no getter get" + capitalised + "() or is" + capitalised
                        + "(), and no public field " + name + "; add one of them or change the template");
    }

    private static Accessor forMethod(Class<?> type, Method method) {
        String text = method.getDeclaringClass().getName() + "." + method.getName() + "()";
        MethodHandle handle = unreflectPublic(method);
        if (handle == null) {
            // A public method of a non-public class (a package-private record, a JDK-internal
            // List) can often be called through the public class or interface it overrides.
            handle = viaPublicSupertype(type, method.getName());
        }
        if (handle == null && method.trySetAccessible()) {
            handle = unreflect(method);
        }
        return handle == null ? inaccessible(type, text) : new Accessor(type, handle.asType(GETTER), text);
    }

    private static Accessor forField(Class<?> type, Field field) {
        String text = "field " + field.getDeclaringClass().getName() + "." + field.getName();
        MethodHandle handle;
        try {
            handle = MethodHandles.publicLookup().unreflectGetter(field);
        } catch (IllegalAccessException e) {
            handle = null;
        }
        if (handle == null && field.trySetAccessible()) {
            try {
                handle = MethodHandles.lookup().unreflectGetter(field);
            } catch (IllegalAccessException e) {
                handle = null;
            }
        }
        return handle == null ? inaccessible(type, text) : new Accessor(type, handle.asType(GETTER), text);
    }

    private static Accessor inaccessible(Class<?> type, String member) {
        Module module = type.getModule();
        String target = (module.isNamed() ? module.getName() : "ALL-UNNAMED") + "/" + type.getPackageName();
        return new Accessor(
                type,
                null,
                "found " + member + ", but neither class " + type.getName()
                        + " nor a public class or interface declaring it is accessible to the agent (package "
                        + target + " is not open to it); make the class public or open the package (e.g."
                        + " --add-opens " + target + "=ALL-UNNAMED)");
    }

    private static MethodHandle viaPublicSupertype(Class<?> type, String name) {
        ArrayDeque<Class<?>> queue = new ArrayDeque<>();
        Set<Class<?>> seen = new HashSet<>();
        queue.add(type);
        while (!queue.isEmpty()) {
            Class<?> current = queue.remove();
            if (!seen.add(current)) {
                continue;
            }
            if (current != type && Modifier.isPublic(current.getModifiers())) {
                MethodHandle handle = declaredPublic(current, name);
                if (handle != null) {
                    return handle;
                }
            }
            if (current.getSuperclass() != null) {
                queue.add(current.getSuperclass());
            }
            for (Class<?> implemented : current.getInterfaces()) {
                queue.add(implemented);
            }
        }
        return null;
    }

    private static MethodHandle declaredPublic(Class<?> owner, String name) {
        try {
            Method declared = owner.getDeclaredMethod(name);
            return isInstanceGetter(declared) && Modifier.isPublic(declared.getModifiers())
                    ? unreflectPublic(declared)
                    : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Method publicMethod(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            return isInstanceGetter(method) ? method : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static boolean isInstanceGetter(Method method) {
        return !Modifier.isStatic(method.getModifiers()) && method.getReturnType() != void.class;
    }

    private static Field publicField(Class<?> type, String name) {
        try {
            Field field = type.getField(name);
            return Modifier.isStatic(field.getModifiers()) ? null : field;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static MethodHandle unreflectPublic(Method method) {
        try {
            return MethodHandles.publicLookup().unreflect(method);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static MethodHandle unreflect(Method method) {
        try {
            return MethodHandles.lookup().unreflect(method);
        } catch (IllegalAccessException e) {
            return null;
        }
    }
}
