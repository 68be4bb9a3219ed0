package dev.coordination.agent.runtime;

/** The in-memory backend of the runtime tests behaves as the real one must. */
class InMemoryLockBackendContractTest extends LockBackendContractTest {

    private final InMemoryLockBackend backend = InMemoryLockBackend.byStripe();

    @Override
    protected LockBackend backend() {
        return backend;
    }

    @Override
    protected boolean loseHoldOf(int stripe) {
        backend.loseStripeOnRelease(stripe);
        return true;
    }
}
