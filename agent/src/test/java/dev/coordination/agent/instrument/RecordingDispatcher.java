package dev.coordination.agent.instrument;

import dev.coordination.agent.bootstrap.LockDispatcher;
import java.util.List;

/** A {@link LockDispatcher} that only records the advice's calls into the test's event list. */
final class RecordingDispatcher implements LockDispatcher {

    final List<String> events;
    final Object handle = new Object();
    RuntimeException enterFailure;
    int site = -1;
    Object self;
    Object[] args;
    Object exitHandle;
    Throwable thrown;

    RecordingDispatcher(List<String> events) {
        this.events = events;
    }

    @Override
    public Object enter(int site, Object self, Object[] args) {
        events.add("enter");
        this.site = site;
        this.self = self;
        this.args = args;
        if (enterFailure != null) {
            throw enterFailure;
        }
        return handle;
    }

    @Override
    public void exit(Object held, Throwable thrown) {
        events.add("exit");
        this.exitHandle = held;
        this.thrown = thrown;
    }

    @Override
    public RuntimeException refusal(int site) {
        events.add("refusal");
        this.site = site;
        return new IllegalStateException("refused site " + site);
    }

    @Override
    public boolean isActive() {
        return true;
    }

    @Override
    public String memberId() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Object getLock(String name, Class<?> api) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long lock(Object lock) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean tryLock(Object lock, long nanos) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void unlock(Object lock) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isHeldByCurrentThread(Object lock) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long fence(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int synchronizedRemove(String glob) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void start() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stop() {
        throw new UnsupportedOperationException();
    }
}
