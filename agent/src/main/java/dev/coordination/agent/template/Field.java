package dev.coordination.agent.template;

/**
 * One {@code {name.attr[key]...}} of a template, compiled: where its root value comes from and the
 * steps after it. Rendering walks plain arrays with indexes; every message text it may need is
 * prepared at compile time.
 */
final class Field {

    enum Root {
        PARAMETER,
        RECEIVER,
        CONSTANT
    }

    private final Root root;
    private final int parameterIndex;
    private final Object constant;
    private final String name;
    private final Step[] steps;
    private final String path;

    private Field(Root root, int parameterIndex, Object constant, String name, Step[] steps) {
        this.root = root;
        this.parameterIndex = parameterIndex;
        this.constant = constant;
        this.name = name;
        this.steps = steps;
        this.path = steps.length == 0 ? name : steps[steps.length - 1].path;
    }

    static Field parameter(int index, String name, Step[] steps) {
        return new Field(Root.PARAMETER, index, null, name, steps);
    }

    static Field receiver(Step[] steps) {
        return new Field(Root.RECEIVER, -1, null, "this", steps);
    }

    /** {@code f_name} followed by steps; a bare {@code {f_name}} is folded into the literal text. */
    static Field constant(String name, Object value, Step[] steps) {
        return new Field(Root.CONSTANT, -1, value, name, steps);
    }

    /** The parameter this field reads, or -1; render checks the argument count against it once. */
    int parameterIndex() {
        return parameterIndex;
    }

    String render(Object self, Object[] args, String where) {
        Object value;
        if (root == Root.PARAMETER) {
            value = args[parameterIndex];
        } else if (root == Root.RECEIVER) {
            value = self;
        } else {
            value = constant;
        }
        if (value == null) {
            throw isNull(name, where);
        }
        for (int i = 0; i < steps.length; i++) {
            value = steps[i].apply(value, where);
            if (value == null) {
                throw isNull(steps[i].path, where);
            }
        }
        return ValueText.of(value, where, path);
    }

    private static TemplateRenderException isNull(String nullPath, String where) {
        return new TemplateRenderException(where + ": " + nullPath + " is null for this call, and a lock name"
                + " cannot be built from null; pass a non-null value or render another property");
    }
}
