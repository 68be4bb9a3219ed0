package dev.coordination.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class JdkModulesTest {

    @Test
    void aClassPathJvmHasEveryModuleTheAgentNeeds() {
        assertThat(JdkModules.problem()).isNull();
    }

    @Test
    void namesTheModulesAMainModuleLeftOutAndTheOptionThatAddsThem() {
        Set<String> resolved = Set.of(
                "java.base",
                "java.logging",
                "java.xml",
                "java.sql",
                "java.transaction.xa",
                "java.naming",
                "java.net.http",
                "java.scripting",
                "jdk.net");

        String problem = JdkModules.problem(resolved::contains, name -> true);

        assertThat(problem)
                .contains("java.management, jdk.unsupported")
                .contains("--add-modules ALL-DEFAULT")
                .contains("--add-modules java.management,jdk.unsupported");
    }

    @Test
    void passesOverModulesTheJavaRuntimeDoesNotHaveAtAll() {
        String problem =
                JdkModules.problem(name -> !name.equals("java.scripting"), name -> !name.equals("java.scripting"));

        assertThat(problem).isNull();
    }
}
