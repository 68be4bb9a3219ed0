package dev.coordination.agent.instrument;

import dev.coordination.agent.bootstrap.LockBridge;
import dev.coordination.agent.bootstrap.SiteId;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into every {@code @Synchronized} method. It runs inside the application's class, so it
 * names only JDK types and the bootstrap bridge, and each half is one call. Enter advice does not
 * suppress exceptions: when the locks cannot be had the body must not run. Exit advice runs on
 * every way out of the body and always releases.
 */
public final class LockAdvice {

    private LockAdvice() {}

    @Advice.OnMethodEnter
    static Object enter(
            @SiteId int site, @Advice.This(optional = true) Object self, @Advice.AllArguments Object[] args) {
        return LockBridge.enter(site, self, args);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object held, @Advice.Thrown Throwable thrown) {
        LockBridge.exit(held, thrown);
    }
}
