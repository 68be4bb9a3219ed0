package dev.coordination.chaos;

/**
 * What the nemesis did. The checker needs to know which kinds stop a JVM (time paused is not the
 * agent's to answer for) and which cut the network (for the picture).
 */
public enum FaultKind {
    ISOLATE("isolate", Effect.NETWORK),
    HALVES("halves", Effect.NETWORK),
    BRIDGE("bridge", Effect.NETWORK),
    RING("ring", Effect.NETWORK),
    ONE_WAY("one-way", Effect.NETWORK),
    ISOLATE_LEADER("isolate-leader", Effect.NETWORK),
    KILL("kill", Effect.KILL),
    PAUSE_SHORT("pause-short", Effect.PAUSE),
    PAUSE_LONG("pause-long", Effect.PAUSE),
    REPLACE_MEMBER("replace-member", Effect.KILL),
    ZK_KILL("zk-kill", Effect.KILL),
    ZK_PAUSE("zk-pause", Effect.PAUSE),
    ZK_RESTART("zk-restart", Effect.KILL);

    /** What a fault does to its targets. */
    public enum Effect {
        NETWORK,
        PAUSE,
        KILL
    }

    private final String text;
    private final Effect effect;

    FaultKind(String text, Effect effect) {
        this.text = text;
        this.effect = effect;
    }

    /** The word the history files use. */
    public String text() {
        return text;
    }

    public Effect effect() {
        return effect;
    }

    /** Whether its targets were stopped (SIGSTOP) while it lasted. */
    public boolean pauses() {
        return effect == Effect.PAUSE;
    }
}
