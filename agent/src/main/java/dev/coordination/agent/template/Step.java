package dev.coordination.agent.template;

/**
 * One {@code .attr} or {@code [key]} after a field's name. Steps are built by {@link TemplateParser}
 * and applied on every call, so they carry their path texts ready for messages and do no parsing.
 */
abstract class Step {

    /** The field's text up to the value this step reads from, e.g. {@code req.volumes}. */
    final String parentPath;

    /** The field's text up to and including this step, e.g. {@code req.volumes[0]}. */
    final String path;

    Step(String parentPath, String path) {
        this.parentPath = parentPath;
        this.path = path;
    }

    /**
     * Reads this step from a non-null value; may return null, which the caller reports.
     *
     * @param where the message prefix naming template and method
     */
    abstract Object apply(Object value, String where);
}
