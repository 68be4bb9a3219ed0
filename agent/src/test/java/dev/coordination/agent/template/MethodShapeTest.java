package dev.coordination.agent.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MethodShapeTest {

    @ParameterizedTest(name = "{0}#{1}({2}) is {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "com.acme.VolumeService | attach | com.acme.Volume,com.acme.Host | VolumeService#attach(Volume,"
                        + " Host)",
                "com.acme.Outer$Inner   | run    | int,java.lang.String[]        | Outer.Inner#run(int, String[])",
                "Plain                  | go     | long                          | Plain#go(long)",
                "com.acme.A$B$C         | x      | com.acme.Outer$Key            | A.B.C#x(Outer.Key)",
            })
    void labelsUseSimpleNamesWithNestedClassesDotted(String className, String method, String types, String label) {
        List<String> typeNames = List.of(types.split(","));
        List<String> names = placeholders(typeNames);

        MethodShape shape = new MethodShape(className, method, names, true, typeNames, false);

        assertThat(shape.label()).isEqualTo(label);
    }

    @Test
    void labelsMethodWithoutParameters() {
        MethodShape shape = new MethodShape("com.acme.Jobs", "sweep", List.of(), true, List.of(), true);

        assertThat(shape.label()).isEqualTo("Jobs#sweep()");
        assertThat(shape.toString()).isEqualTo("Jobs#sweep()");
    }

    @Test
    void keepsWhatTheInstrumenterFound() {
        MethodShape shape = new MethodShape(
                "com.acme.OrderService", "ship", List.of("arg0"), false, List.of("java.lang.String"), true);

        assertThat(shape.declaringClassName()).isEqualTo("com.acme.OrderService");
        assertThat(shape.methodName()).isEqualTo("ship");
        assertThat(shape.parameterNames()).containsExactly("arg0");
        assertThat(shape.parameterNamesKnown()).isFalse();
        assertThat(shape.parameterTypeNames()).containsExactly("java.lang.String");
        assertThat(shape.isStatic()).isTrue();
    }

    @Test
    void refusesNamesAndTypesOfDifferentLengths() {
        assertThatThrownBy(() -> new MethodShape("A", "m", List.of("a", "b"), true, List.of("int"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same size");
    }

    @Test
    void refusesNullClassName() {
        assertThatThrownBy(() -> new MethodShape(null, "m", List.of(), true, List.of(), false))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("declaringClassName cannot be null");
    }

    private static List<String> placeholders(List<String> types) {
        String[] names = new String[types.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = "arg" + i;
        }
        return List.of(names);
    }
}
