package nl.certflow;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The feature packages depend one way: {@code order} at the bottom, {@code process} (the engine's side: the one
 * correlation class and every delegate) on top of {@code ca}, {@code prevalidation} and {@code webhook}. A cycle
 * between feature packages fails here, naming the classes that close it.
 */
@DatabaseIndependent
class PackageDependenciesTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("nl.certflow");

    @Test
    void theFeaturePackagesHaveNoCycle() {
        slices().matching("nl.certflow.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void orderDependsOnNoOtherCertflowPackage() {
        noClasses()
                .that()
                .resideInAPackage("nl.certflow.order..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("nl.certflow..").and(not(resideInAPackage("nl.certflow.order.."))))
                .check(MAIN);
    }

    @Test
    void everyDelegateLivesInTheProcessPackage() {
        noClasses()
                .that()
                .implement("org.camunda.bpm.engine.delegate.JavaDelegate")
                .should()
                .resideOutsideOfPackage("nl.certflow.process")
                .check(MAIN);
    }
}
