package nl.certflow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import nl.certflow.system.InstancesAndIncidentsHistory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The second application the end-to-end tests share (one cached Spring context for every class annotated with it):
 * the CA status poll every second, as the races need it, and production's history level instead of the test
 * profile's activity trail. The first is plain {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} with the
 * {@code test} profile.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"certflow.ca.poll-interval=PT1S", "camunda.bpm.history-level=" + InstancesAndIncidentsHistory.NAME
        })
@ActiveProfiles("test")
public @interface QuickPollApplicationTest {}
