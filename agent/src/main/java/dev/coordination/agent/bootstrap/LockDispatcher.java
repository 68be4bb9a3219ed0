package dev.coordination.agent.bootstrap;

/**
 * What the instrumented methods and the {@code Coordination} facade call through {@link
 * LockBridge}. Loaded by the bootstrap class loader, so it names JDK types only; the agent's
 * runtime implements it.
 */
public interface LockDispatcher {

    boolean isActive();

    /**
     * Takes the locks of annotated method {@code site} for this call.
     *
     * @return an opaque handle for {@link #exit}; never {@code null}
     * @throws RuntimeException (the application's {@code LockAcquireFailedException} or {@code
     *     LockTemplateException}) when the body must not run
     */
    Object enter(int site, Object self, Object[] args);

    /** Releases what {@link #enter} took; adds or throws {@code LockLostException} on loss. */
    void exit(Object held, Throwable thrown);

    /**
     * The exception a method of site {@code site} throws in place of its body, because its class
     * could not be instrumented (the application's {@code LockTemplateException} saying why).
     */
    RuntimeException refusal(int site);

    String memberId();

    Object getLock(String name, Class<?> api);

    long lock(Object lock);

    /** {@code timeoutNanos < 0}: one attempt without waiting. */
    boolean tryLock(Object lock, long timeoutNanos);

    void unlock(Object lock);

    boolean isHeldByCurrentThread(Object lock);

    long fence(String name);

    int synchronizedRemove(String glob);

    void start();

    void stop();
}
