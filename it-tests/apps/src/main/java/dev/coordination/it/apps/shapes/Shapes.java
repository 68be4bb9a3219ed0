package dev.coordination.it.apps.shapes;

import dev.coordination.Synchronized;
import java.util.List;
import java.util.function.Supplier;

/**
 * One of each method shape the agent supports, every locked body proving (through {@link Held})
 * that it holds the lock its template renders. {@link ShapesApp} calls them all in a JVM with the
 * agent.
 */
final class Shapes {

    Shapes() {}

    /** Overloads: same name, different descriptors, each its own lock site. */
    static final class Overloads {
        @Synchronized("save-{id}")
        String save(String id) {
            return Held.check("save-" + id);
        }

        @Synchronized("save-{id}-{copies}")
        String save(String id, int copies) {
            return Held.check("save-" + id + "-" + copies);
        }

        @Synchronized("save-long-{id}")
        String save(long id) {
            return Held.check("save-long-" + id);
        }
    }

    /** A generic method: its parameter erases to Object; the template reads it all the same. */
    static final class GenericMethods {
        @Synchronized("generic-{item}")
        <T extends Comparable<T>> String pick(T item) {
            return Held.check("generic-" + item);
        }
    }

    abstract static class Handler<T> {
        abstract String handle(T item);
    }

    /**
     * javac adds the bridge {@code handle(Object)} and copies the annotation onto it; the agent
     * locks only the real method, which the bridge calls (locked once: {@code ShapesApp} reads the
     * JMX rows).
     */
    static final class StringHandler extends Handler<String> {
        @Override
        @Synchronized("bridge-{item}")
        String handle(String item) {
            return Held.check("bridge-" + item);
        }
    }

    interface Source {
        Object get();
    }

    /** A covariant return type: another bridge, {@code Object get()}. */
    static final class NamedSource implements Source {
        @Override
        @Synchronized("covariant")
        public String get() {
            return Held.check("covariant");
        }
    }

    /** Default, static and private methods of an interface. */
    interface Greeter {
        @Synchronized("default-{name}")
        default String greet(String name) {
            return Held.check("default-" + name) + "+" + shout(name);
        }

        @Synchronized("static-{name}")
        static String hello(String name) {
            return Held.check("static-" + name);
        }

        @Synchronized("private-{name}")
        private String shout(String name) {
            return Held.check("private-" + name);
        }
    }

    static final class PlainGreeter implements Greeter {}

    /** A record: {@code this.id} reads the component. */
    record Volume(String id, long size) {
        @Synchronized("record-{this.id}-{this.size}")
        String attach() {
            return Held.check("record-" + id + "-" + size);
        }
    }

    /** An enum, and an enum constant with a body (an anonymous subclass of the enum). */
    enum Pool {
        GOLD,
        SILVER {
            @Override
            @Synchronized("constant-{this}")
            String drain() {
                return Held.check("constant-" + this);
            }
        };

        @Synchronized("enum-{this}")
        String drain() {
            return Held.check("enum-" + this);
        }
    }

    /** An inner (non-static) class, whose constructor takes the outer instance. */
    final class Inner {
        @Synchronized("inner-{name}")
        String run(String name) {
            return Held.check("inner-" + name);
        }
    }

    /** A local class and an anonymous class. */
    static List<String> localAndAnonymous(String name) {
        final class Local {
            @Synchronized("local-{name}")
            String run(String name) {
                return Held.check("local-" + name);
            }
        }
        Supplier<String> anonymous = new Supplier<>() {
            @Override
            @Synchronized("anonymous")
            public String get() {
                return Held.check("anonymous");
            }
        };
        return List.of(new Local().run(name), anonymous.get());
    }

    /** A lambda (on another thread) calling a locked method. */
    static final class Lambdas {
        @Synchronized("lambda-{name}")
        static String locked(String name) {
            return Held.check("lambda-" + name);
        }
    }

    /** A {@code synchronized} method: the monitor is taken first, then the distributed lock. */
    static final class Monitors {
        @Synchronized("monitor-{id}")
        synchronized String both(String id) {
            if (!Thread.holdsLock(this)) {
                throw new AssertionError("the monitor is not held");
            }
            return Held.check("monitor-" + id);
        }
    }

    /** long and double take two local variable slots: the names after them must still line up. */
    static final class Wide {
        @Synchronized("wide-{a}-{b}-{c}-{d}-{e}")
        static String staticWide(long a, double b, int c, long d, String e) {
            long local = a + d;
            double other = b * 2;
            return Held.check("wide-" + a + "-" + b + "-" + c + "-" + d + "-" + e) + "/" + (local + other);
        }

        @Synchronized("wide-{d}-{e}-{a}")
        String instanceWide(double a, long d, String e) {
            return Held.check("wide-" + d + "-" + e + "-" + a);
        }
    }

    /** Varargs: the array renders as {@code Arrays.toString}; elements by index. */
    static final class Varargs {
        @Synchronized({"varargs-{names}", "first-{names[0]}"})
        static String all(String... names) {
            return Held.check("varargs-" + java.util.Arrays.toString(names)) + "+" + Held.check("first-" + names[0]);
        }
    }

    /** Reported at load time: abstract and native methods have no body to lock. */
    abstract static class Unlockable {
        @Synchronized("abstract")
        abstract String notLockable();

        @Synchronized("native")
        native String nativeMethod();

        String lockable() {
            return "unlocked";
        }
    }

    interface UnlockableInterface {
        @Synchronized("interface-abstract")
        String notLockable();
    }
}
