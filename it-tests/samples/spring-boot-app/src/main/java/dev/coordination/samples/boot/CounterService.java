package dev.coordination.samples.boot;

import dev.coordination.Coordination;
import dev.coordination.Synchronized;
import org.springframework.stereotype.Service;

/**
 * A plain Spring {@code @Service} whose locked methods all guard one entry of the application's
 * {@code IMap}: one called through the bean, one that the bean calls on itself and one private
 * method. Spring AOP (a proxy) would lock only the first; the agent weaves the class itself.
 * {@link Coordination#fence} throws unless the calling thread holds the lock, so each path also
 * proves it ran locked.
 */
@Service
public class CounterService {

    static final String LOCK_PREFIX = "boot-counter-";

    private final SharedCounter counter;

    CounterService(SharedCounter counter) {
        this.counter = counter;
    }

    @Synchronized("boot-counter-{key}")
    public void addThroughBean(String key) {
        counter.add(key, Coordination.fence(LOCK_PREFIX + key));
    }

    public void addThroughSelfCall(String key) {
        addSelfInvoked(key);
    }

    @Synchronized("boot-counter-{key}")
    public void addSelfInvoked(String key) {
        counter.add(key, Coordination.fence(LOCK_PREFIX + key));
    }

    public void addThroughPrivateMethod(String key) {
        addPrivately(key);
    }

    @Synchronized("boot-counter-{key}")
    private void addPrivately(String key) {
        counter.add(key, Coordination.fence(LOCK_PREFIX + key));
    }

    /** The control: the same read-modify-write without a lock, which two callers can break. */
    public void addUnlocked(String key) {
        counter.add(key, 0);
    }

    /** The body of the class the application generates with its own ByteBuddy ({@link GeneratedSteps}). */
    public void addFromGeneratedClass(String key) {
        counter.add(key, Coordination.fence(LOCK_PREFIX + key));
    }
}
