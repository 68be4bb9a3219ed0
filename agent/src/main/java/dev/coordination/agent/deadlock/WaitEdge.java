package dev.coordination.agent.deadlock;

/**
 * One "waits for" step of the graph: {@code waiter} waits for {@code waitedName}, which {@code
 * holder} holds ({@code held} is the holder's entry for it). On a backend whose distinct names share
 * a lock stripe the holder may hold another name of the same stripe: then {@code stripe} is true, and
 * {@code held.name()} differs from {@code waitedName}, which a report must say, since the two calls
 * do not contend for one name.
 */
record WaitEdge(WaitRecord waiter, String waitedName, WaitRecord holder, HeldEntry held, boolean stripe) {}
