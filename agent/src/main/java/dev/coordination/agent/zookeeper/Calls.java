package dev.coordination.agent.zookeeper;

import dev.coordination.agent.runtime.BackendUnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.api.CuratorEvent;
import org.apache.zookeeper.KeeperException;

/**
 * Every ZooKeeper request of the backend goes out in the background and is awaited here, within
 * the bound of the call it serves: Curator's own blocking calls wait as long as its retry policy
 * says, which would stretch a call past its deadline when the ensemble goes away mid-request.
 * Agent jar, system class loader.
 */
final class Calls {

    /** A request as Curator takes it: sends it and completes the future from its callback. */
    @FunctionalInterface
    interface Request {
        void send(CompletableFuture<CuratorEvent> answer) throws Exception;
    }

    private Calls() {}

    static CompletableFuture<CuratorEvent> send(Request request) {
        CompletableFuture<CuratorEvent> answer = new CompletableFuture<>();
        try {
            request.send(answer);
        } catch (Exception e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    /**
     * The answer, awaited at most {@code boundNanos}.
     *
     * @throws BackendUnavailableException if no answer came in time, or the request failed
     * @throws InterruptedException if interrupted while waiting
     */
    static CuratorEvent await(CompletableFuture<CuratorEvent> answer, long boundNanos, String what)
            throws InterruptedException {
        try {
            return answer.get(Math.max(boundNanos, 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new BackendUnavailableException(
                    "ZooKeeper gave no answer to " + what + " within " + TimeUnit.NANOSECONDS.toMillis(boundNanos)
                            + " ms",
                    null);
        } catch (ExecutionException e) {
            throw new BackendUnavailableException(
                    "ZooKeeper refused " + what + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    static KeeperException.Code code(CuratorEvent event) {
        return KeeperException.Code.get(event.getResultCode());
    }

    /** Fails the call unless the answer is {@code OK} (or one of {@code alsoFine}). */
    static CuratorEvent ok(CuratorEvent event, String what, KeeperException.Code... alsoFine) {
        KeeperException.Code code = code(event);
        if (code == KeeperException.Code.OK) {
            return event;
        }
        for (KeeperException.Code fine : alsoFine) {
            if (code == fine) {
                return event;
            }
        }
        throw new BackendUnavailableException(
                "ZooKeeper answered " + what + " with "
                        + KeeperException.create(code).getMessage(),
                null);
    }
}
