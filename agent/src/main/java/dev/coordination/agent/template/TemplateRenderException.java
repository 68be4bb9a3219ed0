package dev.coordination.agent.template;

/**
 * A lock name that cannot be rendered for one call: a {@code null} on a field's path, a missing
 * property, an index out of range, a value without a stable text. The message is complete and
 * meant for the user; when an accessor threw, that exception is the cause.
 */
public class TemplateRenderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TemplateRenderException(String message) {
        super(message);
    }

    public TemplateRenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
