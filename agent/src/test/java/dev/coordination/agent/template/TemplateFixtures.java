package dev.coordination.agent.template;

import java.util.List;
import java.util.Map;

/** The application-side types the template tests render; deliberately not public. */
final class TemplateFixtures {

    private TemplateFixtures() {}

    /** A package-private record: its accessors are public, its class is not. */
    record Volume(String id, int size) {}

    record Request(List<Volume> volumes, Map<String, Object> options) {}

    enum Mode {
        FAST,
        SAFE
    }

    static final class Host {
        public final String name;

        Host(String name) {
            this.name = name;
        }
    }

    /** Getters only, in a private class, so every read needs the accessibility fallback. */
    private static final class Account {
        private final String owner;
        private final boolean active;

        Account(String owner, boolean active) {
            this.owner = owner;
            this.active = active;
        }

        public String getOwner() {
            return owner;
        }

        public boolean isActive() {
            return active;
        }

        public String region() {
            return "eu";
        }
    }

    static Object account(String owner, boolean active) {
        return new Account(owner, active);
    }

    /** Keeps Object's own toString. */
    static final class Plain {}

    static final class Exploding {
        public String getId() {
            throw new IllegalStateException("boom");
        }
    }

    static final class Service {
        public String zone() {
            return "z1";
        }

        @Override
        public String toString() {
            return "service-1";
        }
    }
}
