package dev.coordination.agent.template;

/**
 * A lock-name template that can never render, found when the method's class loads (bad syntax, an
 * unknown name, {@code this} in a static method). The message is complete and meant for the user:
 * the runtime logs it once and throws it, wrapped in the public {@code LockTemplateException}, from
 * every call of the method.
 */
public class TemplateCompileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TemplateCompileException(String message) {
        super(message);
    }
}
