package dev.coordination.chaos;

/**
 * The bounds the checker holds calls to, in microseconds. The defaults are those of
 * {@code docs/guarantees.md}: a timeout plus 0.2 s, 5 s for a call that does not wait, about 32 s
 * for a call without a timeout (2 s for the lock, then up to 30 s for a silent cluster's answer),
 * 120 s for a call made before its JVM was ready, and 10 s to lock again after the last heal.
 *
 * <p>A call without a timeout waits as long as the lock is held, so its bound also presumes no
 * holder keeps a name longer: runs keep the session TTL below it.
 *
 * @param timeoutSlackMicros how long after its timeout a call with one may still answer
 * @param tryMicros the bound of a call that does not wait
 * @param blockingMicros the bound of a call without a timeout
 * @param startupMicros the bound of a call without a timeout that began before its JVM was ready
 * @param recoveryMicros how soon after the last heal (or its own readiness) a JVM must lock again
 */
public record Limits(
        long timeoutSlackMicros, long tryMicros, long blockingMicros, long startupMicros, long recoveryMicros) {

    public static final Limits DEFAULTS = new Limits(200_000, 5_000_000, 32_200_000, 120_200_000, 10_000_000);

    /** The bound of {@code call}'s wait, given when its JVM became ready. */
    public long boundMicros(Call call, long readyMicros) {
        if (call.shape() == Shape.TRY || call.timeoutMillis() == 0) {
            return tryMicros;
        }
        if (call.timeoutMillis() != Call.NONE) {
            return call.timeoutMillis() * 1000 + timeoutSlackMicros;
        }
        boolean beforeReady = readyMicros == Call.NONE || call.startMicros() < readyMicros;
        return beforeReady ? startupMicros : blockingMicros;
    }

    public Limits withBlockingMicros(long micros) {
        return new Limits(timeoutSlackMicros, tryMicros, micros, startupMicros, recoveryMicros);
    }

    public Limits withRecoveryMicros(long micros) {
        return new Limits(timeoutSlackMicros, tryMicros, blockingMicros, startupMicros, micros);
    }
}
