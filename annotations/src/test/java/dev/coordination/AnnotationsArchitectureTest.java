package dev.coordination;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** What applications put on their class path depends on nothing but the JDK. */
@AnalyzeClasses(packages = "dev.coordination", importOptions = ImportOption.DoNotIncludeTests.class)
class AnnotationsArchitectureTest {

    @ArchTest
    static final ArchRule dependsOnlyOnTheJdk = classes()
            .that()
            .resideInAPackage("dev.coordination..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "dev.coordination..")
            .because("the annotations jar has no dependencies at all");
}
