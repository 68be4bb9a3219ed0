package dev.coordination.agent.template;

import static dev.coordination.agent.template.TemplateFixtures.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.coordination.agent.template.TemplateFixtures.Exploding;
import dev.coordination.agent.template.TemplateFixtures.Host;
import dev.coordination.agent.template.TemplateFixtures.Mode;
import dev.coordination.agent.template.TemplateFixtures.Plain;
import dev.coordination.agent.template.TemplateFixtures.Request;
import dev.coordination.agent.template.TemplateFixtures.Service;
import dev.coordination.agent.template.TemplateFixtures.Volume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LockNameTemplateTest {

    private static final MethodShape ATTACH = new MethodShape(
            "com.acme.VolumeService",
            "attach",
            List.of("vol", "host", "count", "ids", "tags", "vols", "opts", "req", "account", "mode", "any"),
            true,
            List.of(
                    "com.acme.Volume",
                    "com.acme.Host",
                    "int",
                    "int[]",
                    "java.lang.String[]",
                    "java.util.List",
                    "java.util.Map",
                    "com.acme.Request",
                    "com.acme.Account",
                    "com.acme.Mode",
                    "java.lang.Object"),
            false);

    private static final String WHERE = "template \"%s\" on VolumeService#attach(Volume, Host, int, int[],"
            + " String[], List, Map, Request, Account, Mode, Object)";

    static Stream<Arguments> renderings() {
        Map<Object, Object> numbered = new HashMap<>();
        numbered.put(7, "seven-as-integer");
        numbered.put("8", "eight-as-text");
        numbered.put(8, "eight-as-integer");
        return Stream.of(
                arguments("volume-lock", null, "volume-lock"),
                arguments("{{literal}}", null, "{literal}"),
                arguments("a}}b{{c{{{vol.id}}}", null, "a}b{c{v1}"),
                arguments("volume-{vol.id}", null, "volume-v1"),
                arguments("{vol.size}", null, "10"),
                arguments("{vol}", null, "Volume[id=v1, size=10]"),
                arguments("{host.name}", null, "h1"),
                arguments("{account.owner}", null, "alice"),
                arguments("{account.active}", null, "true"),
                arguments("{account.region}", null, "eu"),
                arguments("{count}", null, "3"),
                arguments("{ids}", null, "[1, 2, 3]"),
                arguments("{ids[1]}", null, "2"),
                arguments("{tags}", null, "[a, b]"),
                arguments("{tags[0]}-{tags[1]}", null, "a-b"),
                arguments("{vols[1].id}", null, "v2"),
                arguments("{vols[001].id}", null, "v2"),
                arguments("{req.volumes[0].id}", null, "v1"),
                arguments("{req.options[zone]}", null, "eu-1"),
                arguments("{opts[x.y:z!]}", null, "odd-key"),
                arguments("{any[7]}", numbered, "seven-as-integer"),
                arguments("{any[8]}", numbered, "eight-as-text"),
                arguments("{mode}", null, "FAST"),
                arguments("{f_name}", null, "attach"),
                arguments("{f_name}-{vol.id}-{host.name}", null, "attach-v1-h1"),
                // One to six fields: up to five are joined by string concatenation, more by a builder.
                arguments("<{tags[0]}>", null, "<a>"),
                arguments("{tags[0]}{tags[1]}", null, "ab"),
                arguments("{tags[0]}.{tags[1]}.{count}.", null, "a.b.3."),
                arguments("{tags[0]}{tags[1]}{count}{mode}", null, "ab3FAST"),
                arguments("1{tags[0]}2{tags[1]}3{count}4{mode}5{vol.id}6", null, "1a2b334FAST5v16"),
                arguments("{tags[0]}-{tags[1]}-{count}-{mode}-{vol.id}-{host.name}", null, "a-b-3-FAST-v1-h1"),
                arguments("{f_name.length}", null, "6"),
                arguments("{this}", null, "service-1"),
                arguments("{this.zone}", null, "z1"),
                arguments("{any.size}", Collections.unmodifiableList(List.of(1, 2)), "2"),
                arguments("{any.empty}", Map.of(), "true"),
                arguments("{any[0]}", List.of("first"), "first"),
                arguments("{any.present}", Optional.of(1), "true"),
                arguments("{any.seconds}", Duration.ofMinutes(2), "120"),
                arguments("{any}", new long[] {1L, 2L}, "[1, 2]"),
                arguments("{any}", new double[] {1.5}, "[1.5]"),
                arguments("{any}", new boolean[] {true, false}, "[true, false]"),
                arguments("{any}", new char[] {'x', 'y'}, "[x, y]"),
                arguments("{any[1]}", new char[] {'x', 'y'}, "y"),
                arguments("{any[0]}", new byte[] {7}, "7"),
                arguments("{any}", new Object[] {"a", 1, null}, "[a, 1, null]"),
                arguments("{any}", 'c', "c"),
                arguments("{any}", 2.5d, "2.5"),
                arguments("{any.class.simpleName}", new Plain(), "Plain"));
    }

    @ParameterizedTest(name = "{0} renders {2}")
    @MethodSource("renderings")
    void rendersEveryGrammarRule(String template, Object any, String expected) {
        assertThat(LockNameTemplate.compile(template, ATTACH).render(new Service(), args(any)))
                .isEqualTo(expected);
    }

    static Stream<Arguments> compileErrors() {
        return Stream.of(
                arguments("a}b", ": single '}' at position 1; write '}}' for a literal brace"),
                arguments("{vol.id!r}", ": conversion '!r' at position 7 is not supported"),
                arguments("{vol!s}", ": conversion '!s' at position 4 is not supported"),
                arguments("{vol.id:>8}", ": format spec ':>8' at position 7 is not supported"),
                arguments(
                        "{}", ": the field at position 0 has no name; automatic numbering ({}) is not" + " supported"),
                arguments("x{[0]}", ": the field at position 1 has no name"),
                arguments("{.id}", ": the field at position 0 has no name"),
                arguments("{0}", ": positional field {0} at position 0 is not supported; name a parameter"),
                arguments("{vol.}", ": empty attribute name after '.' at position 4"),
                arguments("{vol..id}", ": empty attribute name after '.' at position 4"),
                arguments("{vol.i-d}", ": attribute \"i-d\" after '.' at position 4 is not a Java" + " identifier"),
                arguments("{opts[]}", ": empty key '[]' at position 5"),
                arguments("{opts[a", ": unclosed '[' at position 5"),
                arguments("{opts[a}", ": unclosed '[' at position 5"),
                arguments("{opts[a]", ": unclosed '{' at position 0"),
                arguments("volume-{vol.id", ": unclosed '{' at position 7"),
                arguments("volume-{", ": unclosed '{' at position 7"),
                arguments("{vol{id}}", ": '{' at position 4 is inside the field opened at position 0"),
                arguments("{opts[a{]}", ": '{' at position 7 is inside the field opened at position 0"),
                arguments("{opts[a]x}", ": only '.' or '[' may follow ']' at position 7"),
                arguments(
                        "{volume.id}",
                        " refers to \"volume\", which is not a parameter of the method"
                                + " (known names: vol, host, count, ids, tags, vols, opts, req, account, mode, any,"
                                + " f_name, this); use one of them"));
    }

    @ParameterizedTest(name = "{0} fails: {1}")
    @MethodSource("compileErrors")
    void reportsEveryCompileErrorWithTemplateMethodAndPosition(String template, String message) {
        assertThatThrownBy(() -> LockNameTemplate.compile(template, ATTACH))
                .isInstanceOf(TemplateCompileException.class)
                .hasMessageStartingWith(String.format(WHERE, template))
                .hasMessageContaining(message);
    }

    static Stream<Arguments> renderErrors() {
        Map<String, Object> sorted = new TreeMap<>(Map.of("a", 1));
        Supplier<String> lambda = () -> "x";
        return Stream.of(
                arguments("{any}", null, ": any is null for this call"),
                arguments("{any.id}", new Volume(null, 1), ": any.id is null for this call"),
                arguments("{any[missing]}", Map.of("a", 1), ": any[missing] is null"),
                arguments("{any[3]}", sorted, ": any[3] is null"),
                arguments(
                        "{vols[5].id}",
                        null,
                        ": cannot render vols[5]: index 5 is out of range for vols," + " which has 2 elements"),
                arguments("{ids[3]}", null, "index 3 is out of range for ids, which has 3 elements"),
                arguments("{any[99999999999]}", List.of(1), "index 99999999999 is out of range for any"),
                arguments(
                        "{any.nope}",
                        new Volume("v", 1),
                        ": cannot render any.nope: class "
                                + Volume.class.getName() + " has no record component or public method nope(), no"
                                + " getter getNope() or isNope(), and no public field nope"),
                arguments(
                        "{any[x]}",
                        List.of(1),
                        "any is a java.util.ImmutableCollections$List12, but [x]" + " needs a java.util.Map"),
                arguments(
                        "{any[0]}",
                        5,
                        "any is a java.lang.Integer, but [0] needs an array, a" + " java.util.List or a java.util.Map"),
                arguments(
                        "{any}",
                        new Plain(),
                        ": any is a " + Plain.class.getName() + ", which keeps"
                                + " Object's own toString(); its text holds an identity hash that differs in every"
                                + " JVM, so no two JVMs would share the lock; render a property instead, such as"
                                + " {any.id}"),
                arguments("{any}", lambda, "which keeps Object's own toString()"),
                arguments(
                        "{any}",
                        new Object[] {"a", new Plain()},
                        ": any[1] is a " + Plain.class.getName() + ", which keeps Object's own toString()"),
                arguments(
                        "{any.id}",
                        new Exploding(),
                        ": reading any.id called " + Exploding.class.getName()
                                + ".getId(), which threw java.lang.IllegalStateException: boom"));
    }

    @ParameterizedTest(name = "{0} with {1} fails: {2}")
    @MethodSource("renderErrors")
    void reportsEveryRenderErrorWithTemplateMethodAndPath(String template, Object any, String message) {
        LockNameTemplate compiled = LockNameTemplate.compile(template, ATTACH);

        assertThatThrownBy(() -> compiled.render(new Service(), args(any)))
                .isInstanceOf(TemplateRenderException.class)
                .hasMessageStartingWith(String.format(WHERE, template))
                .hasMessageContaining(message);
    }

    @Test
    void keepsTheExceptionOfAThrowingAccessorAsCause() {
        LockNameTemplate compiled = LockNameTemplate.compile("{any.id}", ATTACH);

        assertThatThrownBy(() -> compiled.render(new Service(), args(new Exploding())))
                .isInstanceOf(TemplateRenderException.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
    }

    @Test
    void tellsToCompileWithParametersWhenNamesAreUnknown() {
        MethodShape ship = new MethodShape(
                "com.acme.OrderService", "ship", List.of("arg0"), false, List.of("java.lang.String"), false);

        assertThatThrownBy(() -> LockNameTemplate.compile("order-{orderId}", ship))
                .isInstanceOf(TemplateCompileException.class)
                .hasMessage("template \"order-{orderId}\" on OrderService#ship(String) refers to \"orderId\","
                        + " but the class was compiled without -parameters (known names: arg0, f_name, this);"
                        + " compile with -parameters (or -g)");
    }

    @Test
    void acceptsFnameAndPlaceholdersWhenNamesAreUnknown() {
        MethodShape ship = new MethodShape(
                "com.acme.OrderService", "ship", List.of("arg0"), false, List.of("java.lang.String"), false);

        LockNameTemplate compiled = LockNameTemplate.compile("{f_name}-{arg0}", ship);

        assertThat(compiled.render(new Service(), new Object[] {"o1"})).isEqualTo("ship-o1");
    }

    @Test
    void refusesThisInAStaticMethod() {
        MethodShape sweep = new MethodShape("com.acme.Jobs", "sweep", List.of("day"), true, List.of("int"), true);

        assertThatThrownBy(() -> LockNameTemplate.compile("sweep-{this.id}", sweep))
                .isInstanceOf(TemplateCompileException.class)
                .hasMessageStartingWith("template \"sweep-{this.id}\" on Jobs#sweep(int) refers to \"this\"")
                .hasMessageContaining("the method is static and has no receiver")
                .hasMessageContaining("(known names: day, f_name)");
    }

    @Test
    void rendersStaticMethodWithoutReceiver() {
        MethodShape sweep = new MethodShape("com.acme.Jobs", "sweep", List.of("day"), true, List.of("int"), true);

        assertThat(LockNameTemplate.compile("{f_name}-{day}", sweep).render(null, new Object[] {4}))
                .isEqualTo("sweep-4");
    }

    @Test
    void letsFnameWinOverAParameterOfThatName() {
        MethodShape run =
                new MethodShape("com.acme.Jobs", "run", List.of("f_name"), true, List.of("java.lang.String"), true);

        assertThat(LockNameTemplate.compile("{f_name}", run).render(null, new Object[] {"param"}))
                .isEqualTo("run");
    }

    @Test
    void returnsTheSameConstantForATemplateWithoutFields() {
        LockNameTemplate compiled = LockNameTemplate.compile("jobs-{{all}}-{f_name}", ATTACH);

        assertThat(compiled.render(null, null)).isEqualTo("jobs-{all}-attach");
        assertThat(compiled.render(null, null)).isSameAs(compiled.render(new Service(), args(null)));
    }

    @Test
    void aTemplateThatIsOneFieldRendersTheValueItself() {
        String id = new String("vol-7");
        LockNameTemplate compiled = LockNameTemplate.compile("{any}", ATTACH);

        assertThat(compiled.render(new Service(), args(id))).isSameAs(id);
        assertThat(compiled.constant()).isNull();
        assertThat(LockNameTemplate.compile("jobs-{f_name}", ATTACH).constant()).isEqualTo("jobs-attach");
    }

    @Test
    void keepsTheSourceAsWritten() {
        assertThat(LockNameTemplate.compile("volume-{{{vol.id}}}", ATTACH).source())
                .isEqualTo("volume-{{{vol.id}}}");
    }

    @Test
    void resolvesEachRuntimeClassOnItsOwn() {
        LockNameTemplate compiled = LockNameTemplate.compile("{any.owner}", ATTACH);
        Map<String, Object> asMap = Map.of("owner", "from-map");

        assertThat(compiled.render(null, args(account("bob", true)))).isEqualTo("bob");
        assertThat(compiled.render(null, args(account("carol", false)))).isEqualTo("carol");
        assertThatThrownBy(() -> compiled.render(null, args(asMap)))
                .isInstanceOf(TemplateRenderException.class)
                .hasMessageContaining("has no record component or public method owner()");
    }

    @Test
    void rendersConcurrentlyFromManyThreads() throws InterruptedException {
        LockNameTemplate compiled = LockNameTemplate.compile("volume-{vol.id}-{account.owner}", ATTACH);
        List<Thread> threads = new ArrayList<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    String name = compiled.render(null, args(null));
                    if (!name.equals("volume-v1-alice")) {
                        failures.add(name);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
    }

    @Test
    void refusesTooFewArguments() {
        LockNameTemplate compiled = LockNameTemplate.compile("{any}", ATTACH);

        assertThatThrownBy(() -> compiled.render(null, new Object[] {"only-one"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("render needs the call's 11 arguments, got 1 arguments");
    }

    private static Object[] args(Object any) {
        Volume v1 = new Volume("v1", 10);
        Volume v2 = new Volume("v2", 20);
        Map<String, Object> opts = new HashMap<>();
        opts.put("x.y:z!", "odd-key");
        return new Object[] {
            v1,
            new Host("h1"),
            3,
            new int[] {1, 2, 3},
            new String[] {"a", "b"},
            List.of(v1, v2),
            opts,
            new Request(List.of(v1), Map.of("zone", "eu-1")),
            account("alice", true),
            Mode.FAST,
            any
        };
    }
}
