/**
 * A modular application as users write one: it exports nothing, and needs only the annotations
 * (an automatic module named by the jar's manifest) and a file counter of the tests'. Nothing here
 * mentions the agent.
 */
module app {
    requires dev.coordination.annotations;
    requires dev.coordination.support;
}
