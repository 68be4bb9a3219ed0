package dev.coordination.samples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring Boot application, packaged by {@code spring-boot-maven-plugin} as an executable
 * fat jar and started as {@code java -javaagent:coordination-agent.jar=... -jar spring-boot-app.jar}.
 * It carries its own Hazelcast (5.7.0, for an AP {@code IMap}), ByteBuddy and SLF4J with Logback,
 * all different from the agent's private copies. {@link SampleRun} does the work once the context
 * is up, then the application exits.
 */
@SpringBootApplication
public class BootSampleApplication {

    /** When {@code main} began, before anything of the application could set up its logging. */
    static volatile long mainStartedMillis;

    public static void main(String[] args) {
        mainStartedMillis = System.currentTimeMillis();
        System.exit(SpringApplication.exit(SpringApplication.run(BootSampleApplication.class, args)));
    }
}
