package dev.coordination.it.apps.shapes;

import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Calls every method shape of {@link Shapes} once in a JVM started with the agent, and prints one
 * {@code SHAPE name ok|FAIL why} line each, then {@code SHAPES failures=N}. Also loads the class the
 * test generated with an annotated constructor (no javac writes one), and checks through the JMX
 * rows that bridge methods were not locked a second time. Argument: the generated classes' folder.
 */
public final class ShapesApp {

    private final Map<String, String> results = new TreeMap<>();

    public static void main(String[] args) throws Exception {
        ShapesApp app = new ShapesApp();
        app.runAll(Path.of(args[0]));
        long failures = app.results.values().stream()
                .filter(result -> !result.equals("ok"))
                .count();
        app.results.forEach((shape, result) -> System.out.println("SHAPE " + shape + " " + result));
        System.out.println("SHAPES failures=" + failures);
        System.exit(failures == 0 ? 0 : 1);
    }

    private void runAll(Path generated) throws Exception {
        Shapes.Overloads overloads = new Shapes.Overloads();
        expect(
                "overloads",
                List.of(overloads.save("v1"), overloads.save("v1", 2), overloads.save(7L)),
                List.of("save-v1", "save-v1-2", "save-long-7"));
        expect("genericMethod", new Shapes.GenericMethods().pick("g1"), "generic-g1");
        Shapes.Handler<String> handler = new Shapes.StringHandler();
        expect("bridge", List.of(handler.handle("b1"), handler.handle("b2")), List.of("bridge-b1", "bridge-b2"));
        Shapes.Source source = new Shapes.NamedSource();
        expect("covariantBridge", source.get(), "covariant");
        expect("defaultAndPrivateInterfaceMethods", new Shapes.PlainGreeter().greet("d1"), "default-d1+private-d1");
        expect("staticInterfaceMethod", Shapes.Greeter.hello("s1"), "static-s1");
        expect("record", new Shapes.Volume("r1", 10L).attach(), "record-r1-10");
        expect("enum", Shapes.Pool.GOLD.drain(), "enum-GOLD");
        expect("enumConstantBody", Shapes.Pool.SILVER.drain(), "constant-SILVER");
        expect("innerClass", new Shapes().new Inner().run("i1"), "inner-i1");
        expect("localAndAnonymousClasses", Shapes.localAndAnonymous("l1"), List.of("local-l1", "anonymous"));
        expect(
                "lambdaOnAnotherThread",
                CompletableFuture.supplyAsync(() -> Shapes.Lambdas.locked("x1")).get(60, TimeUnit.SECONDS),
                "lambda-x1");
        expect("synchronizedMethod", new Shapes.Monitors().both("m1"), "monitor-m1");
        expect("longAndDoubleParameters", Shapes.Wide.staticWide(1L, 2.5, 3, 4L, "e"), "wide-1-2.5-3-4-e/10.0");
        expect(
                "longAndDoubleParametersOfAnInstanceMethod",
                new Shapes.Wide().instanceWide(0.5, 9L, "z"),
                "wide-9-z-0.5");
        expect("varargs", Shapes.Varargs.all("a", "b"), "varargs-[a, b]+first-a");
        expect(
                "abstractAndNativeLoad",
                new Shapes.Unlockable() {
                            @Override
                            String notLockable() {
                                return "implemented";
                            }
                        }.lockable()
                        + "/" + Shapes.UnlockableInterface.class.getSimpleName(),
                "unlocked/UnlockableInterface");
        expect("annotatedConstructorLoads", construct(generated), "constructed");
        expect("bridgesLockedOnce", calls("StringHandler#handle"), "StringHandler#handle(String)=2");
        expect("covariantBridgeLockedOnce", calls("NamedSource#get"), "NamedSource#get()=1");
    }

    private void expect(String shape, Object actual, Object expected) {
        results.put(shape, actual.equals(expected) ? "ok" : "FAIL expected " + expected + " but was " + actual);
    }

    /** Rows whose method starts with {@code prefix}: {@code method=acquisitions}, comma-separated. */
    private static String calls(String prefix) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName locks = new ObjectName("dev.coordination:type=Locks");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!server.isRegistered(locks)) {
            if (System.nanoTime() > deadline) {
                return "the agent's MBean was not registered within 60 s";
            }
            Thread.sleep(20);
        }
        List<String> found = new ArrayList<>();
        for (CompositeData row : (CompositeData[]) server.getAttribute(locks, "Locks")) {
            String method = (String) row.get("method");
            if (method.contains(prefix)) {
                found.add(method.substring(method.indexOf(prefix)) + "=" + row.get("acquisitions"));
            }
        }
        return String.join(",", found);
    }

    private static String construct(Path generated) throws Exception {
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {generated.toUri().toURL()}, ShapesApp.class.getClassLoader())) {
            Object made = Class.forName("ctor.Annotated", true, loader)
                    .getConstructor()
                    .newInstance();
            return made.toString();
        }
    }
}
