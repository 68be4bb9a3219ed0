package dev.coordination.agent.health;

import java.util.concurrent.TimeUnit;

/**
 * Turns the last look at the member, and its age, into the answers of {@code /health/live} and
 * {@code /health/ready}: a status (200 or 503) and one line saying why. Plain Java, no cluster, so
 * that every answer can be unit tested ({@code HealthVerdictsTest}). Agent jar, system class loader.
 */
final class HealthVerdicts {

    /** A ready verdict older than this says nothing about now: the member is not ready. */
    static final long READY_STALE_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Live fails only when the checks stopped altogether: each one is bounded by a few seconds, so a
     * gap this long means the process is wedged (not that the cluster is slow, which must never
     * make an orchestrator restart a member).
     */
    static final long LIVE_STALE_NANOS = TimeUnit.SECONDS.toNanos(20);

    /** One answer: the HTTP status and its one-line body. */
    record Answer(int status, String line) {}

    private HealthVerdicts() {}

    /**
     * @param facts the last look, or {@code null} before the first
     * @param ageNanos how long ago it was taken (since the watch started, before the first)
     */
    static Answer live(MemberFacts facts, long ageNanos) {
        if (ageNanos > LIVE_STALE_NANOS) {
            return new Answer(503, "wedged: no health check for " + seconds(ageNanos));
        }
        if (facts == null) {
            return new Answer(200, "live: starting");
        }
        String checked = checked(ageNanos);
        switch (facts.stage()) {
            case STARTING:
                return new Answer(200, "live: starting, joining cluster \"" + facts.cluster() + "\"" + checked);
            case STOPPED:
                return new Answer(503, "not live: the Hazelcast member has stopped" + checked);
            default:
                return new Answer(200, "live: member running" + checked);
        }
    }

    /**
     * @param facts the last look, or {@code null} before the first
     * @param ageNanos how long ago it was taken
     */
    static Answer ready(MemberFacts facts, long ageNanos) {
        if (facts == null) {
            return new Answer(503, "starting: not checked yet");
        }
        if (ageNanos > READY_STALE_NANOS) {
            return new Answer(503, "unknown: the last check is " + seconds(ageNanos) + " old");
        }
        String checked = checked(ageNanos);
        switch (facts.stage()) {
            case STARTING:
                return new Answer(503, "starting: joining cluster \"" + facts.cluster() + "\"" + checked);
            case SHUTTING_DOWN:
                return new Answer(503, "shutting down" + checked);
            case STOPPED:
                return new Answer(503, "stopped: the Hazelcast member is not running" + checked);
            default:
                break;
        }
        if (facts.cpMemberCount() == 0) {
            if (facts.problem() != null) {
                return new Answer(503, "refusing locks: " + facts.problem() + checked);
            }
            return new Answer(
                    200, "ready: " + facts.members() + " member(s), CP unsafe mode (cp-member-count=0)" + checked);
        }
        if (!facts.cpFormed()) {
            return new Answer(
                    503,
                    "forming: " + Math.min(facts.members(), facts.cpMemberCount()) + " of " + facts.cpMemberCount()
                            + " CP members" + checked);
        }
        if (facts.problem() != null) {
            return new Answer(503, facts.problem() + checked);
        }
        return new Answer(
                200,
                "ready: CP subsystem of " + facts.cpMemberCount() + " serves, " + facts.members() + " member(s)"
                        + checked);
    }

    private static String checked(long ageNanos) {
        return " (checked " + seconds(ageNanos) + " ago)";
    }

    private static String seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos) / 1000.0 + "s";
    }
}
