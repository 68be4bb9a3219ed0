package dev.coordination.agent.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coordination.Synchronized;
import dev.coordination.agent.bootstrap.LockBridge;
import dev.coordination.agent.runtime.LockSite;
import dev.coordination.agent.runtime.LockSites;
import dev.coordination.agent.runtime.LockSitesAccess;
import dev.coordination.samples.AdviceSamples;
import dev.coordination.samples.AdviceSamples.AbstractSample;
import dev.coordination.samples.AdviceSamples.Base;
import dev.coordination.samples.AdviceSamples.GenericSample;
import dev.coordination.samples.AdviceSamples.Plain;
import dev.coordination.samples.AdviceSamples.Sample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LockAdvice} as the real transformer weaves it into the {@link AdviceSamples} classes,
 * loaded in a throw-away loader, with a recording dispatcher in the bridge instead of the runtime.
 * The samples live outside {@code dev.coordination.agent}, which the transformer never touches.
 */
class LockAdviceTest {

    /** Annotated, but in the agent's own package, which is never instrumented. */
    static class AgentOwn {
        @Synchronized("own")
        void run() {}
    }

    private final List<String> events = new ArrayList<>();
    private final RecordingDispatcher dispatcher = new RecordingDispatcher(events);
    private final LockSites sites = new LockSites();
    private final ClassFileTransformer transformer = LockInstaller.transformer(sites, List.of());

    @BeforeEach
    void installDispatcher() {
        LockBridge.install(dispatcher);
    }

    @AfterEach
    void uninstallDispatcher() {
        LockBridge.uninstall();
    }

    private Class<?> load(Class<?>... classes) throws ClassNotFoundException {
        return Class.forName(classes[0].getName(), true, new TransformingLoader(transformer, classes));
    }

    private static Object newInstance(Class<?> type) throws Exception {
        var constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }

    private static Object call(Object target, Method method, Object... args) throws Throwable {
        method.setAccessible(true);
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Method method(Class<?> type, String name) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(name) && !m.isBridge())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no method " + name + " in " + type));
    }

    private LockSite siteEntered() {
        return LockSitesAccess.site(sites, dispatcher.site);
    }

    @Test
    void entersBeforeTheBodyWithSiteReceiverAndArguments() throws Throwable {
        Class<?> sample = load(Sample.class);
        Object target = newInstance(sample);

        Object result = call(target, method(sample, "attach"), "v1", events);

        assertThat(result).isEqualTo("attached v1");
        assertThat(events).containsExactly("enter", "body v1", "exit");
        assertThat(siteEntered().label()).isEqualTo("AdviceSamples.Sample#attach(String, List)");
        assertThat(siteEntered().loadError()).isNull();
        assertThat(dispatcher.self).isSameAs(target);
        assertThat(dispatcher.args).containsExactly("v1", events);
        assertThat(dispatcher.exitHandle).isSameAs(dispatcher.handle);
        assertThat(dispatcher.thrown).isNull();
    }

    @Test
    void exitsWithTheExceptionTheBodyThrew() throws Exception {
        Class<?> sample = load(Sample.class);

        assertThatThrownBy(() -> call(newInstance(sample), method(sample, "failWithException"), "v1", events))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("body failed");
        assertThat(events).containsExactly("enter", "body", "exit");
        assertThat(dispatcher.thrown).isInstanceOf(IllegalStateException.class).hasMessage("body failed");
        assertThat(dispatcher.exitHandle).isSameAs(dispatcher.handle);
    }

    @Test
    void exitsWithTheErrorTheBodyThrew() throws Exception {
        Class<?> sample = load(Sample.class);

        assertThatThrownBy(() -> call(newInstance(sample), method(sample, "failWithError"), "v1", events))
                .isInstanceOf(AssertionError.class)
                .hasMessage("body broke");
        assertThat(events).containsExactly("enter", "body", "exit");
        assertThat(dispatcher.thrown).isInstanceOf(AssertionError.class);
    }

    @Test
    void bodyDoesNotRunAndExitIsSkippedWhenEnterThrows() throws Exception {
        Class<?> sample = load(Sample.class);
        dispatcher.enterFailure = new IllegalStateException("lock not acquired");

        assertThatThrownBy(() -> call(newInstance(sample), method(sample, "attach"), "v1", events))
                .isSameAs(dispatcher.enterFailure);
        assertThat(events).containsExactly("enter");
    }

    @Test
    void staticMethodEntersWithNullReceiver() throws Throwable {
        Class<?> sample = load(Sample.class);

        assertThat(call(null, method(sample, "find"), "v1", events)).isEqualTo("v1");
        assertThat(events).containsExactly("enter", "body", "exit");
        assertThat(dispatcher.self).isNull();
        assertThat(siteEntered().label()).isEqualTo("AdviceSamples.Sample#find(String, List)");
    }

    @Test
    void bridgeMethodOfAGenericOverrideIsNotInstrumentedAgain() throws Throwable {
        Class<?> sample = load(GenericSample.class, Base.class);
        Method bridge = Arrays.stream(sample.getDeclaredMethods())
                .filter(Method::isBridge)
                .findFirst()
                .orElseThrow(() -> new AssertionError("javac generated no bridge method"));

        assertThat(bridge.isAnnotationPresent(Synchronized.class))
                .as("javac copies the annotation")
                .isTrue();
        assertThat(call(newInstance(sample), bridge, "i1", events)).isEqualTo("i1");
        assertThat(events).containsExactly("enter", "body", "exit");
        assertThat(siteEntered().label()).isEqualTo("AdviceSamples.GenericSample#handle(String, List)");
        assertThat(LockSitesAccess.site(sites, dispatcher.site + 1))
                .as("a second site")
                .isNull();
    }

    @Test
    void abstractMethodIsReportedAndIgnored() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            load(AbstractSample.class);
        } finally {
            System.setErr(original);
        }

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("@Synchronized on abstract method " + AbstractSample.class.getName() + "#run has no effect");
        assertThat(LockSitesAccess.site(sites, 0).label()).isEqualTo("AdviceSamples.AbstractSample#concrete(List)");
        assertThat(LockSitesAccess.site(sites, 1)).isNull();
    }

    @Test
    void classNotMentioningTheAnnotationIsReturnedUntouched() throws Exception {
        byte[] bytes = TransformingLoader.bytesOf(Plain.class);

        assertThat(transformer.transform(
                        getClass().getClassLoader(), Plain.class.getName().replace('.', '/'), null, null, bytes))
                .isNull();
        assertThat(LockSitesAccess.site(sites, 0)).isNull();
    }

    @Test
    void classOfTheAgentItselfIsReturnedUntouched() throws Exception {
        byte[] bytes = TransformingLoader.bytesOf(AgentOwn.class);

        assertThat(transformer.transform(
                        getClass().getClassLoader(), AgentOwn.class.getName().replace('.', '/'), null, null, bytes))
                .isNull();
    }

    @Test
    void annotatedClassOutsideTheIncludedPackagesIsReturnedUntouched() throws Exception {
        ClassFileTransformer onlyAcme = LockInstaller.transformer(sites, List.of("com.acme"));
        byte[] bytes = TransformingLoader.bytesOf(Sample.class);

        assertThat(onlyAcme.transform(
                        getClass().getClassLoader(), Sample.class.getName().replace('.', '/'), null, null, bytes))
                .isNull();
    }
}
