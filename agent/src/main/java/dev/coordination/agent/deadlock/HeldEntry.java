package dev.coordination.agent.deadlock;

import java.util.Objects;

/**
 * One lock name a waiting thread holds, with what a report needs to tell a developer where it was
 * taken: the method whose call took it and since when. A waiting thread is blocked, so its holds
 * cannot change while its {@link WaitRecord} is published.
 *
 * @param name the full lock name (prefix included)
 * @param sinceMillis when it was taken, milliseconds since the epoch
 * @param method the method whose call took it, e.g. {@code VolumeService#attach(Volume)}
 */
public record HeldEntry(String name, long sinceMillis, String method) {

    public HeldEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
    }
}
