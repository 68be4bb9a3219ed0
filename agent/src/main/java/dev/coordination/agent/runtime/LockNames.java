package dev.coordination.agent.runtime;

/** The rules a lock name (without the prefix) must follow, for templates and {@code getLock} alike. */
public final class LockNames {

    public static final int MAX_LENGTH = 512;

    private LockNames() {}

    /** @return what is wrong with {@code name}, or {@code null} when it is a valid lock name */
    public static String problem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "is " + name.length() + " characters long (at most " + MAX_LENGTH + ")";
        }
        if (name.indexOf('@') >= 0) {
            return "contains '@', which Hazelcast would read as the name of a CP group;" + " use another separator";
        }
        return null;
    }
}
