package dev.coordination.agent.template;

import java.util.List;

/**
 * What the template compiler needs to know about an annotated method, as plain data. The
 * instrumenter builds it from the class file while the class loads, so this package never needs
 * ByteBuddy or a loaded {@code Class}. {@link #label()} is how every message names the method.
 */
public final class MethodShape {

    private final String declaringClassName;
    private final String methodName;
    private final List<String> parameterNames;
    private final boolean parameterNamesKnown;
    private final List<String> parameterTypeNames;
    private final boolean isStatic;
    private final String label;

    /**
     * @param declaringClassName binary name, e.g. {@code com.acme.VolumeService} or
     *     {@code com.acme.Outer$Inner}
     * @param parameterNames one per parameter; placeholders {@code arg0, arg1...} when not known
     * @param parameterNamesKnown false when the class file had neither MethodParameters nor a
     *     LocalVariableTable
     * @param parameterTypeNames e.g. {@code com.acme.Volume}, {@code int}, {@code java.lang.String[]}
     */
    public MethodShape(
            String declaringClassName,
            String methodName,
            List<String> parameterNames,
            boolean parameterNamesKnown,
            List<String> parameterTypeNames,
            boolean isStatic) {
        this.declaringClassName = requireNonNull(declaringClassName, "declaringClassName");
        this.methodName = requireNonNull(methodName, "methodName");
        this.parameterNames = List.copyOf(requireNonNull(parameterNames, "parameterNames"));
        this.parameterNamesKnown = parameterNamesKnown;
        this.parameterTypeNames = List.copyOf(requireNonNull(parameterTypeNames, "parameterTypeNames"));
        this.isStatic = isStatic;
        if (this.parameterNames.size() != this.parameterTypeNames.size()) {
            throw new IllegalArgumentException("parameterNames " + this.parameterNames + " and parameterTypeNames "
                    + this.parameterTypeNames + " must have the same size");
        }
        this.label = buildLabel();
    }

    /** {@code VolumeService#attach(Volume, Host)}: simple names, nested classes as {@code Outer.Inner}. */
    public String label() {
        return label;
    }

    public String declaringClassName() {
        return declaringClassName;
    }

    public String methodName() {
        return methodName;
    }

    public List<String> parameterNames() {
        return parameterNames;
    }

    public boolean parameterNamesKnown() {
        return parameterNamesKnown;
    }

    public List<String> parameterTypeNames() {
        return parameterTypeNames;
    }

    public boolean isStatic() {
        return isStatic;
    }

    @Override
    public String toString() {
        return label;
    }

    private String buildLabel() {
        StringBuilder text =
                new StringBuilder(simpleName(declaringClassName)).append('#').append(methodName);
        text.append('(');
        for (int i = 0; i < parameterTypeNames.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(simpleName(parameterTypeNames.get(i)));
        }
        return text.append(')').toString();
    }

    // Binary names keep '$' for nesting; people read Outer.Inner, as in the source.
    private static String simpleName(String typeName) {
        return typeName.substring(typeName.lastIndexOf('.') + 1).replace('$', '.');
    }

    private static <T> T requireNonNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " cannot be null");
        }
        return value;
    }
}
