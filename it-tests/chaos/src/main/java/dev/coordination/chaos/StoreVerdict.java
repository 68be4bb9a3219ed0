package dev.coordination.chaos;

/**
 * What the fence-checking store made of one write. A {@link #LOST_UPDATE} is the failure the whole
 * run exists to catch: two holders were inside one section at once and fencing did not stop it.
 */
public enum StoreVerdict {
    /** Taken: its fence was at least the highest accepted and its read value was current. */
    ACCEPTED("accepted"),
    /** Refused: a higher fence had been accepted (a holder whose lock had passed on). */
    STALE("stale"),
    /** Its fence was good but the value it read had changed since: an update was lost. */
    LOST_UPDATE("lost-update"),
    /** The store could not be reached or answered nonsense. */
    ERROR("error"),
    /** No write ({@code -}). */
    NONE("-");

    private final String text;

    StoreVerdict(String text) {
        this.text = text;
    }

    /** The word the history files use. */
    public String text() {
        return text;
    }
}
