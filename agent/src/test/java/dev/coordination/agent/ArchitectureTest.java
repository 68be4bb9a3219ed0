package dev.coordination.agent;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.slf4j.Logger;

/** The package and logging rules (docs/architecture.md, "Rules"), over the agent's main classes. */
@AnalyzeClasses(packages = "dev.coordination.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule bootstrapBridgeNamesOnlyJdkTypes = classes()
            .that()
            .resideInAPackage("..agent.bootstrap..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "..agent.bootstrap..")
            .because("the bridge is loaded by the bootstrap class loader, which sees nothing else");

    // ByteBuddy's @Advice.This and @Advice.AllArguments declare a member of type Assigner.Typing;
    // ArchUnit counts that as a dependency of the annotated parameter, but annotations are read by
    // ByteBuddy while weaving and never inlined into the application's class.
    @ArchTest
    static final ArchRule adviceNamesOnlyJdkBridgeAndAdviceAnnotations = classes()
            .that()
            .haveSimpleNameEndingWith("Advice")
            .should()
            .onlyDependOnClassesThat(resideInAnyPackage("java..", "..agent.bootstrap..", "net.bytebuddy.asm..")
                    .or(type(Assigner.Typing.class)))
            .because("advice is inlined into application classes, which see only the JDK and the bridge");

    @ArchTest
    static final ArchRule onlyTheHazelcastPackageUsesHazelcast = noClasses()
            .that()
            .resideOutsideOfPackage("..agent.hazelcast..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.hazelcast..");

    @ArchTest
    static final ArchRule onlyTheInstrumentPackageUsesByteBuddy = noClasses()
            .that()
            .resideOutsideOfPackage("..agent.instrument..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("net.bytebuddy..");

    @ArchTest
    static final ArchRule templatesArePlainJava = noClasses()
            .that()
            .resideInAPackage("..agent.template..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("net.bytebuddy..", "com.hazelcast..", "org.slf4j..");

    @ArchTest
    static final ArchRule onlyLockAgentTheCommandLineAndLoggingWriteToStandardStreams = noClasses()
            .that()
            .doNotHaveFullyQualifiedName(LockAgent.class.getName())
            .and()
            .resideOutsideOfPackages("..agent.logging..", "..agent.cli..")
            .should(ACCESS_STANDARD_STREAMS)
            .because("agent code logs through SLF4J; only LockAgent runs before logging is set up, and the"
                    + " command line prints its results and one-line failures");

    @ArchTest
    static final ArchRule noJavaUtilLogging = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

    @ArchTest
    static final ArchRule noGenericExceptions = NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

    @ArchTest
    static final ArchRule loggersArePrivateStaticFinal = fields().that()
            .haveRawType(Logger.class)
            .should()
            .bePrivate()
            .andShould()
            .beStatic()
            .andShould()
            .beFinal();

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("dev.coordination.agent.(*)..").should().beFreeOfCycles();
}
