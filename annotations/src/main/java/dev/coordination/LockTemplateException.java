package dev.coordination;

/**
 * The lock names of a {@link Synchronized} method could not be worked out for this call, so the
 * method body did not run.
 *
 * <p>Causes: a {@code null} on a field's path (the field's own value included), a missing property
 * or key, an index out of range, a rendered name that is empty, longer than 512 characters or
 * contains {@code @}, a value whose class has no {@code toString} of its own, or a template error
 * found when the class loaded (bad syntax, an unknown name, {@code this} in a static method,
 * {@code blocking = false} with a timeout, a method returning an asynchronous type). The message
 * names the method, the template and what was wrong.
 */
public class LockTemplateException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, naming the method and the template
     */
    public LockTemplateException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong, naming the method and the template
     * @param cause the failure underneath (for instance an accessor that threw), or {@code null}
     */
    public LockTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
