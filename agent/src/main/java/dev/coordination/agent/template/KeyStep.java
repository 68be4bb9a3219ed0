package dev.coordination.agent.template;

import java.util.List;
import java.util.Map;

/**
 * {@code [key]}: an element of an array or {@code List} when the key is all digits, else
 * {@code Map.get}. Decided on the value's runtime type with {@code instanceof}, which needs no
 * cache and no reflection; the key's forms are worked out once at compile time.
 */
final class KeyStep extends Step {

    private final String key;

    /** The index when the key is all digits, {@code Integer.MAX_VALUE} when too large; -1 otherwise. */
    private final int index;

    /** The key as an Integer for a Map's fallback; null when not all digits or too large. */
    private final Integer integerKey;

    KeyStep(String parentPath, String path, String key) {
        super(parentPath, path);
        this.key = key;
        int parsed = -1;
        Integer asInteger = null;
        if (isDigits(key)) {
            try {
                parsed = Integer.parseInt(key);
                asInteger = parsed;
            } catch (NumberFormatException tooLarge) {
                // No array or List is this long; the text key can still be in a Map.
                parsed = Integer.MAX_VALUE;
            }
        }
        this.index = parsed;
        this.integerKey = asInteger;
    }

    @Override
    Object apply(Object value, String where) {
        if (index >= 0) {
            if (value instanceof Object[]) {
                Object[] array = (Object[]) value;
                checkIndex(array.length, where);
                return array[index];
            }
            if (value.getClass().isArray()) {
                return primitiveElement(value, where);
            }
            if (value instanceof List) {
                return listElement((List<?>) value, where);
            }
        }
        if (value instanceof Map) {
            try {
                return mapValue((Map<?, ?>) value);
            } catch (RuntimeException e) {
                throw threw("get(\"" + key + "\")", e, where);
            }
        }
        throw new TemplateRenderException(where + ": cannot render " + path + ": " + parentPath + " is a "
                + value.getClass().getName()
                + (index >= 0
                        ? ", but [" + key + "] needs an array, a java.util.List or a java.util.Map"
                        : ", but [" + key + "] needs a java.util.Map (only an all-digit index reads arrays"
                                + " and Lists)"));
    }

    private Object listElement(List<?> list, String where) {
        int size;
        try {
            size = list.size();
        } catch (RuntimeException e) {
            throw threw("size()", e, where);
        }
        checkIndex(size, where);
        try {
            return list.get(index);
        } catch (RuntimeException e) {
            throw threw("get(" + index + ")", e, where);
        }
    }

    // Collections are application objects too; a failing one is reported like a failing getter.
    private TemplateRenderException threw(String call, RuntimeException e, String where) {
        return new TemplateRenderException(
                where + ": reading " + path + " called " + parentPath + "." + call + ", which threw " + e
                        + "; fix the collection or render another property",
                e);
    }

    private Object mapValue(Map<?, ?> map) {
        Object found = map.get(key);
        if (found != null || integerKey == null || map.containsKey(key)) {
            return found;
        }
        try {
            return map.get(integerKey);
        } catch (ClassCastException keysAreNotIntegers) {
            // A sorted map of String keys cannot compare an Integer: the key is simply absent.
            return null;
        }
    }

    private Object primitiveElement(Object array, String where) {
        if (array instanceof int[]) {
            int[] values = (int[]) array;
            checkIndex(values.length, where);
            return values[index];
        }
        if (array instanceof long[]) {
            long[] values = (long[]) array;
            checkIndex(values.length, where);
            return values[index];
        }
        if (array instanceof byte[]) {
            byte[] values = (byte[]) array;
            checkIndex(values.length, where);
            return values[index];
        }
        if (array instanceof char[]) {
            char[] values = (char[]) array;
            checkIndex(values.length, where);
            return values[index];
        }
        if (array instanceof boolean[]) {
            boolean[] values = (boolean[]) array;
            checkIndex(values.length, where);
            return values[index];
        }
        if (array instanceof short[]) {
            short[] values = (short[]) array;
            checkIndex(values.length, where);
            return values[index];
        }
        if (array instanceof float[]) {
            float[] values = (float[]) array;
            checkIndex(values.length, where);
            return values[index];
        }
        double[] values = (double[]) array;
        checkIndex(values.length, where);
        return values[index];
    }

    private void checkIndex(int size, String where) {
        if (index >= size) {
            throw new TemplateRenderException(where + ": cannot render " + path + ": index " + key
                    + " is out of range for " + parentPath + ", which has " + size
                    + (size == 1 ? " element" : " elements"));
        }
    }

    static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
