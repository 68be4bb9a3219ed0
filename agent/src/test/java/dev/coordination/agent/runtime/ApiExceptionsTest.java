package dev.coordination.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coordination.LockAcquireFailedException;
import dev.coordination.agent.template.MethodShape;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The application's exceptions, made for the class loader that sees them, and no loader kept alive. */
class ApiExceptionsTest {

    private static URLClassLoader applicationLoader() {
        URL annotationsJar = LockAcquireFailedException.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation();
        return new URLClassLoader(new URL[] {annotationsJar}, ClassLoader.getPlatformClassLoader());
    }

    @Test
    void makesTheExceptionClassesOfTheCallersLoader() throws Exception {
        try (URLClassLoader loader = applicationLoader()) {
            RuntimeException cause = new IllegalStateException("backend down");

            RuntimeException failure = ApiExceptions.forLoader(loader).acquireFailed("not acquired", "v1", cause);

            assertThat(failure.getClass().getName()).isEqualTo("dev.coordination.LockAcquireFailedException");
            assertThat(failure.getClass().getClassLoader()).isSameAs(loader);
            assertThat(failure.getClass().getMethod("lockName").invoke(failure)).isEqualTo("v1");
            assertThat(failure).hasMessage("not acquired").hasCause(cause);
        }
    }

    @Test
    void fallsBackToJdkExceptionsWhenTheLoaderCannotSeeTheAnnotationsJar() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            ApiExceptions exceptions = ApiExceptions.forLoader(loader);

            assertThat(exceptions.acquireFailed("not acquired", "v1", null))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("not acquired");
            assertThat(exceptions.template("bad template", null))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bad template");
            assertThat(exceptions.lost("lost", "v1", null))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("lost");
        }
    }

    @Test
    void doesNotKeepTheApplicationsClassLoaderAlive() throws Exception {
        MethodShape shape = new MethodShape(
                "com.acme.VolumeService", "attach", List.of("vol"), true, List.of("java.lang.String"), false);
        WeakReference<ClassLoader> loader = new WeakReference<>(null);
        LockSite site;
        try (URLClassLoader application = applicationLoader()) {
            site = LockSite.compile(shape, List.of("volume-{vol}"), true, -1, TimeUnit.SECONDS, null, application);
            // A failed call resolves the exceptions and caches them, as the runtime does.
            assertThat(site.exceptions().template("bad", null).getClass().getClassLoader())
                    .isSameAs(application);
            loader = new WeakReference<>(application);
        }

        for (int i = 0; i < 20 && loader.get() != null; i++) {
            System.gc();
        }

        assertThat(loader.get())
                .as("class loader still reachable from the agent after 20 GCs")
                .isNull();
        assertThat(site.label()).as("the site itself lives on, as in LockSites").isNotNull();
    }
}
