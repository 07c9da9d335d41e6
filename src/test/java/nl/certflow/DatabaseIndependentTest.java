package nl.certflow;

import static com.tngtech.archunit.lang.conditions.ArchConditions.be;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;

/** A class the PostgreSQL pass leaves out ({@link DatabaseIndependent}) really starts no certflow application. */
@DatabaseIndependent
class DatabaseIndependentTest {

    private static final DescribedPredicate<JavaClass> A_SPRING_BOOT_TEST = DescribedPredicate.describe(
            "a @SpringBootTest",
            type -> type.getClassHierarchy().stream().anyMatch(c -> c.isMetaAnnotatedWith(SpringBootTest.class)));

    @Test
    void aDatabaseIndependentClassStartsNoApplication() {
        noClasses()
                .that()
                .areAnnotatedWith(DatabaseIndependent.class)
                .and()
                .doNotBelongToAnyOf(DatabaseIndependentTest.class)
                .should(be(A_SPRING_BOOT_TEST))
                .orShould()
                .dependOnClassesThat()
                .belongToAnyOf(SpringApplication.class, SpringApplicationBuilder.class, CertflowApplication.class)
                .check(testClasses());
    }

    /**
     * The rule reads the test classes only (their annotations, supertypes and calls by name): not resolving the
     * libraries they use from the classpath halves the import.
     */
    private static JavaClasses testClasses() {
        ArchConfiguration configuration = ArchConfiguration.get();
        boolean resolve = configuration.resolveMissingDependenciesFromClassPath();
        configuration.setResolveMissingDependenciesFromClassPath(false);
        try {
            return new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                    .importPackages("nl.certflow");
        } finally {
            configuration.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }
}
