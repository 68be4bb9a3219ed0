package dev.coordination;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * Runs the annotated method while holding one or more distributed locks, so that in the whole
 * cluster only one thread at a time runs a section guarded by the same lock name.
 *
 * <pre>{@code
 * @Synchronized("volume-{vol.id}")
 * void attach(Volume vol, Host host) { ... }
 *
 * @Synchronized({"volume-{src.id}", "volume-{dst.id}"})   // both, taken in sorted order
 * void copy(Volume src, Volume dst) { ... }
 *
 * @Synchronized(value = "{f_name}-{vol.id}", blocking = false)
 * void resize(Volume vol, long size) { ... }              // fails at once if someone holds it
 * }</pre>
 *
 * <h2>With and without the agent</h2>
 * The annotation is a plain marker: it does nothing by itself. The locking is woven in by the
 * {@code coordination} agent ({@code -javaagent:coordination-agent.jar}) when the class loads.
 * <b>A JVM started without the agent runs annotated methods unlocked</b>, exactly as if the
 * annotation were absent; {@link Coordination#isActive()} tells which case you are in.
 *
 * <h2>Lock names</h2>
 * Each element of {@link #value()} is a template in Python's {@code str.format} field syntax, as
 * OpenStack Cinder's {@code @coordination.synchronized} uses:
 * <ul>
 *   <li>literal text, with {@code {{} and {@code }}} standing for <code>{</code> and
 *       <code>}</code>;
 *   <li>a field <code>{name}</code>, where {@code name} is a parameter of the method,
 *       {@code f_name} (the method's name) or {@code this} (the receiver, instance methods only);
 *   <li>followed by any chain of {@code .attr} (a record component or public no-argument method
 *       {@code attr()}, a getter {@code getAttr()}/{@code isAttr()}, or a public field) and
 *       {@code [key]} (an array or {@code List} element when {@code key} is all digits,
 *       {@code Map.get(key)} otherwise, also tried as an {@code Integer} key when it is all
 *       digits and the text key is absent).
 * </ul>
 * Values render with {@code String.valueOf}, arrays with {@code Arrays.toString}. A value whose
 * class keeps {@code Object}'s own {@code toString} (an identity hash, different in every JVM) is
 * refused. The full lock name is the configured prefix ({@code coordination.prefix}) followed by
 * the rendered name; a rendered name that is empty, longer than 512 characters or contains
 * {@code @} (which Hazelcast reads as a CP group selector) is refused.
 *
 * <p>Parameter names are read from the class file: compile with {@code javac -parameters}, or
 * at least with debug information ({@code -g}, Maven's default).
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>The body never runs without all of its locks. When a lock cannot be had the call throws
 *       {@link LockAcquireFailedException}; when a name cannot be worked out it throws
 *       {@link LockTemplateException}. Either way the body has not run.
 *   <li>Template errors that need no call (syntax, unknown names, {@code this} in a static method,
 *       {@code blocking=false} with a timeout) are found when the class loads, logged once at
 *       ERROR, and every call of the method then throws {@link LockTemplateException}.
 *   <li>Several names are rendered, de-duplicated and sorted, then acquired in that order (so two
 *       methods naming the same locks in different orders cannot deadlock) and released in
 *       reverse order. The timeout is one deadline for all of them.
 *   <li>Locks are reentrant for the thread that holds them, and belong to that thread: a method
 *       returning {@code CompletionStage}, {@code Future} or a reactive {@code Publisher} is
 *       refused at load time, since its work would outlive the lock.
 *   <li>The locks are released however the method ends. If a lock was lost while the method ran
 *       (its holder's session expired), the call ends with {@link LockLostException}.
 * </ul>
 *
 * <p>Allowed on instance and static methods of any visibility. Constructors, abstract and native
 * methods cannot be locked; such a use is reported when the class loads.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Synchronized {

    /**
     * One or more lock-name templates (see the class comment for the syntax). All of them are
     * held while the method runs.
     *
     * @return the lock-name templates, at least one
     */
    String[] value();

    /**
     * Whether to wait for locks that another holder has. {@code true} (the default) waits, up to
     * {@link #timeout()} if one is given; {@code false} makes one attempt and throws {@link
     * LockAcquireFailedException} at once if any lock is taken. {@code blocking = false} together
     * with a {@code timeout} is a template error.
     *
     * @return whether to wait
     */
    boolean blocking() default true;

    /**
     * With {@code blocking = true}, the longest time to wait for all the locks together, in
     * {@link #unit()}. A negative value (the default, {@code -1}) waits for as long as it takes.
     * When the deadline passes the call throws {@link LockAcquireFailedException}, having released
     * any locks it had already taken.
     *
     * @return the longest wait, negative for no limit
     */
    long timeout() default -1;

    /**
     * The unit of {@link #timeout()}; seconds by default.
     *
     * @return the time unit
     */
    TimeUnit unit() default TimeUnit.SECONDS;
}
