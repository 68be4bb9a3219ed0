package dev.coordination.samples.boot;

import dev.coordination.Synchronized;
import java.lang.reflect.Method;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.MethodCall;
import org.springframework.stereotype.Component;

/**
 * The application's own ByteBuddy at work: it generates, at run time, a class implementing {@link
 * CounterStep} whose {@code add(String key)} carries {@code @Synchronized("boot-counter-{key}")}
 * and calls {@link CounterService#addFromGeneratedClass}. The class never exists as a file, so the
 * agent can lock it only by weaving the bytes the application's ByteBuddy defines, with the
 * parameter name ByteBuddy recorded.
 */
@Component
class GeneratedSteps {

    static final String CLASS_NAME = "dev.coordination.samples.boot.GeneratedCounterStep";

    private final CounterStep step;

    GeneratedSteps(CounterService service) throws ReflectiveOperationException {
        Method body = CounterService.class.getMethod("addFromGeneratedClass", String.class);
        Class<? extends CounterStep> type = new ByteBuddy()
                .subclass(Object.class)
                .implement(CounterStep.class)
                .name(CLASS_NAME)
                .defineMethod("add", void.class, Visibility.PUBLIC)
                .withParameter(String.class, "key")
                .intercept(MethodCall.invoke(body).on(service).withAllArguments())
                .annotateMethod(AnnotationDescription.Builder.ofType(Synchronized.class)
                        .defineArray("value", "boot-counter-{key}")
                        .build())
                .make()
                .load(CounterStep.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded()
                .asSubclass(CounterStep.class);
        this.step = type.getDeclaredConstructor().newInstance();
    }

    CounterStep step() {
        return step;
    }
}
