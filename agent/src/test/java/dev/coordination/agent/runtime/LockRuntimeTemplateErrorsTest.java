package dev.coordination.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coordination.LockTemplateException;
import dev.coordination.agent.template.MethodShape;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Calls of {@link LockRuntime} whose lock names cannot be worked out: the body never runs. */
class LockRuntimeTemplateErrorsTest {

    private final InMemoryLockBackend backend = new InMemoryLockBackend("cinder-");
    private final LockSites sites = new LockSites();
    private final LockRuntime runtime = new LockRuntime(sites, backend, "cinder-");

    private int site(MethodShape method, boolean blocking, long timeout, String... templates) {
        return sites.register(LockSite.compile(
                method,
                List.of(templates),
                blocking,
                timeout,
                TimeUnit.SECONDS,
                null,
                getClass().getClassLoader()));
    }

    static List<Arguments> loadErrors() {
        MethodShape unnamed = new MethodShape(
                "com.acme.VolumeService",
                "attach",
                List.of("arg0", "arg1"),
                false,
                List.of("java.lang.String", "java.lang.String"),
                false);
        return List.of(
                Arguments.of(LockRuntimeTest.ATTACH, true, -1L, "volume-{nope}", "nope"),
                Arguments.of(LockRuntimeTest.ATTACH, true, -1L, "volume-{vol", "unclosed '{'"),
                Arguments.of(LockRuntimeTest.ATTACH, true, -1L, "volume-{vol!r}", "conversion"),
                Arguments.of(LockRuntimeTest.ATTACH, false, 5L, "volume-{vol}", "blocking=false and timeout=5"),
                Arguments.of(unnamed, true, -1L, "volume-{vol}", "compile with -parameters"));
    }

    @ParameterizedTest(name = "{3} on blocking={1} timeout={2}")
    @MethodSource("loadErrors")
    void loadTimeErrorFailsEveryCallWithoutLocking(
            MethodShape method, boolean blocking, long timeout, String template, String reason) {
        int id = site(method, blocking, timeout, "host-{host}", template);

        for (int call = 0; call < 2; call++) {
            assertThatThrownBy(() -> runtime.enter(id, this, LockRuntimeTest.ARGS))
                    .isInstanceOf(LockTemplateException.class)
                    .hasMessageContaining("VolumeService#attach(String, String)")
                    .hasMessageContaining(reason);
        }
        assertThat(backend.calls()).isEmpty();
    }

    @ParameterizedTest(name = "rendered name of {0} characters")
    @ValueSource(ints = {0, 513})
    void renderedNameOfBadLengthIsRefused(int length) {
        int id = site(LockRuntimeTest.ATTACH, true, -1, "{vol}");

        assertThatThrownBy(() -> runtime.enter(id, this, new Object[] {"v".repeat(length), "h1"}))
                .isInstanceOf(LockTemplateException.class)
                .hasMessageContaining("template \"{vol}\" on VolumeService#attach(String, String)")
                .hasMessageContaining(length == 0 ? "is empty" : "is 513 characters long (at most 512)");
        assertThat(backend.calls()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1@group", "@"})
    void renderedNameWithAtIsRefusedBeforeAnyLockIsTaken(String volume) {
        int id = site(LockRuntimeTest.ATTACH, true, -1, "a-{host}", "volume-{vol}");

        assertThatThrownBy(() -> runtime.enter(id, this, new Object[] {volume, "h1"}))
                .isInstanceOf(LockTemplateException.class)
                .hasMessageContaining("\"volume-" + volume + "\"")
                .hasMessageContaining("contains '@'");
        assertThat(backend.calls()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {512})
    void renderedNameOfMaximumLengthIsAccepted(int length) {
        int id = site(LockRuntimeTest.ATTACH, true, -1, "{vol}");

        runtime.exit(runtime.enter(id, this, new Object[] {"v".repeat(length), "h1"}), null);

        assertThat(backend.calls()).hasSize(2);
    }

    @ParameterizedTest(name = "null {0}")
    @ValueSource(strings = {"vol"})
    void nullArgumentIsATemplateError(String parameter) {
        int id = site(LockRuntimeTest.ATTACH, true, -1, "volume-{" + parameter + "}");

        assertThatThrownBy(() -> runtime.enter(id, this, new Object[] {null, "h1"}))
                .isInstanceOf(LockTemplateException.class)
                .hasMessageContaining(parameter);
        assertThat(backend.calls()).isEmpty();
    }
}
