package dev.coordination.it.apps.shapes;

import dev.coordination.Coordination;

/** Called inside a locked body: proves the current thread holds {@code name}, and returns it. */
final class Held {

    private Held() {}

    static String check(String name) {
        long fence;
        try {
            fence = Coordination.fence(name);
        } catch (RuntimeException e) {
            throw new AssertionError("the body ran without holding \"" + name + "\": " + e, e);
        }
        if (fence <= 0) {
            throw new AssertionError("lock \"" + name + "\" has fence " + fence);
        }
        return name;
    }
}
