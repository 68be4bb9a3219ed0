package dev.coordination.it.apps;

import dev.coordination.Coordination;
import dev.coordination.DistributedLock;
import dev.coordination.Synchronized;
import java.io.IOException;

/**
 * Every way out of a locked method must release it (a checked exception, an unchecked one, an
 * {@code Error}), and a thread that holds a lock must get it again without waiting, through
 * annotated methods and the facade alike, with the same fence.
 */
final class ExitService {

    @Synchronized("{name}")
    void throwChecked(String name) throws IOException {
        throw new IOException("checked, from the body of " + name);
    }

    @Synchronized("{name}")
    void throwUnchecked(String name) {
        throw new IllegalStateException("unchecked, from the body of " + name);
    }

    @Synchronized("{name}")
    void throwError(String name) {
        throw new AssertionError("an Error, from the body of " + name);
    }

    @Synchronized(value = "{name}", blocking = false)
    long tryNow(String name) {
        return Coordination.fence(name);
    }

    String throwFrom(String kind, String name) {
        Throwable thrown = null;
        try {
            switch (kind) {
                case "checked":
                    throwChecked(name);
                    break;
                case "unchecked":
                    throwUnchecked(name);
                    break;
                case "error":
                    throwError(name);
                    break;
                default:
                    return "ERR unknown kind " + kind;
            }
        } catch (Throwable e) {
            thrown = e;
        }
        if (thrown == null) {
            return "ERR the body of " + kind + " did not throw";
        }
        return "OK threw=" + thrown.getClass().getName() + " suppressed=" + thrown.getSuppressed().length
                + " heldAfter=" + Coordination.getLock(name).isHeldByCurrentThread()
                + " message=" + thrown.getMessage();
    }

    /** An annotated method that re-enters its lock through another annotated method and the facade. */
    @Synchronized("{name}")
    String reenter(String name) {
        long outer = Coordination.fence(name);
        String inner = inner(name);
        boolean heldAfterInner = Coordination.getLock(name).isHeldByCurrentThread();
        return "OK outer=" + outer + " " + inner + " heldAfterInner=" + heldAfterInner;
    }

    /** blocking=false: if the reentrant hold had to wait, it would fail instead. */
    @Synchronized(value = "{name}", blocking = false)
    String inner(String name) {
        long inner = Coordination.fence(name);
        DistributedLock lock = Coordination.getLock(name);
        boolean tried = lock.tryLock();
        long facade = lock.lock();
        long facadeFence = Coordination.fence(name);
        lock.unlock();
        lock.unlock();
        return "inner=" + inner + " tryLock=" + tried + " facade=" + facade + " facadeFence=" + facadeFence;
    }

    String reenterAndCheck(String name) {
        String reply = reenter(name);
        return reply + " heldAfter=" + Coordination.getLock(name).isHeldByCurrentThread();
    }
}
