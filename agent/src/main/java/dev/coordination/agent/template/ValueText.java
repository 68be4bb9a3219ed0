package dev.coordination.agent.template;

import java.util.Arrays;

/**
 * Turns a field's final value into lock-name text: {@code String.valueOf}, arrays as
 * {@code Arrays.toString}. Refuses values whose class keeps {@code Object}'s own {@code toString}:
 * that text holds an identity hash, different in every JVM, so no two JVMs would share the lock.
 */
final class ValueText {

    private static final ClassValue<Boolean> IDENTITY_TEXT = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("toString").getDeclaringClass() == Object.class;
            } catch (NoSuchMethodException e) {
                return Boolean.TRUE;
            }
        }
    };

    private ValueText() {}

    static String of(Object value, String where, String path) {
        if (value instanceof String) {
            return (String) value;
        }
        Class<?> type = value.getClass();
        if (type.isArray()) {
            return arrayText(value, where, path);
        }
        checkStable(type, where, path, path);
        String text;
        try {
            text = value.toString();
        } catch (RuntimeException e) {
            throw new TemplateRenderException(
                    where + ": " + path + " is a " + type.getName() + " whose toString() threw " + e
                            + "; fix its toString() or render another property",
                    e);
        }
        if (text == null) {
            throw new TemplateRenderException(where + ": " + path + " is a " + type.getName()
                    + " whose toString() returned null; a lock name cannot be built from null");
        }
        return text;
    }

    private static String arrayText(Object array, String where, String path) {
        if (array instanceof Object[]) {
            Object[] elements = (Object[]) array;
            for (int i = 0; i < elements.length; i++) {
                if (elements[i] != null) {
                    checkStable(elements[i].getClass(), where, path, path + "[" + i + "]");
                }
            }
            try {
                return Arrays.toString(elements);
            } catch (RuntimeException e) {
                throw new TemplateRenderException(
                        where + ": the toString() of an element of " + path + " threw " + e
                                + "; fix its toString() or render another property",
                        e);
            }
        }
        if (array instanceof int[]) {
            return Arrays.toString((int[]) array);
        }
        if (array instanceof long[]) {
            return Arrays.toString((long[]) array);
        }
        if (array instanceof byte[]) {
            return Arrays.toString((byte[]) array);
        }
        if (array instanceof char[]) {
            return Arrays.toString((char[]) array);
        }
        if (array instanceof boolean[]) {
            return Arrays.toString((boolean[]) array);
        }
        if (array instanceof short[]) {
            return Arrays.toString((short[]) array);
        }
        if (array instanceof float[]) {
            return Arrays.toString((float[]) array);
        }
        return Arrays.toString((double[]) array);
    }

    private static void checkStable(Class<?> type, String where, String path, String valuePath) {
        if (IDENTITY_TEXT.get(type)) {
            throw new TemplateRenderException(where + ": " + valuePath + " is a " + type.getName()
                    + ", which keeps Object's own toString(); its text holds an identity hash that differs"
                    + " in every JVM, so no two JVMs would share the lock; render a property instead, such"
                    + " as {" + path + ".id}, or give the class a toString()");
        }
    }
}
