package nl.certflow.operations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The application of the tests that search and repair through the engine REST API as Cockpit does. Its engine has a
 * name of its own, and the tests address it by that name ({@link #ENGINE_REST}): with several test applications in one
 * JVM, {@code /engine-rest/…} without a name reaches whichever engine registered as the default last.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.process-engine-name=" + NamedEngineApplicationTest.ENGINE)
@ActiveProfiles("test")
@interface NamedEngineApplicationTest {

    String ENGINE = "operations";

    String ENGINE_REST = "/engine-rest/engine/" + ENGINE;
}
