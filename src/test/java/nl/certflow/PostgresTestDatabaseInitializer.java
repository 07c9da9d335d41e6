package nl.certflow;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs the test suite on PostgreSQL: with the system property {@code certflow.test.database=postgres} (set by the
 * Maven profile {@code postgres-tests}), every Spring context on the test profile's in-memory H2 gets a fresh
 * PostgreSQL database instead. Contexts that name their own database keep it: ClusterTest's PostgreSQL, and
 * RestartTest's H2 file, since the embedded default is what that test is about.
 * Registered for all contexts in {@code META-INF/spring.factories}.
 */
public class PostgresTestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String SWITCH = "certflow.test.database";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        String url = environment.getProperty("spring.datasource.url", "");
        if (!"postgres".equals(System.getProperty(SWITCH)) || !url.startsWith("jdbc:h2:mem:")) {
            return;
        }
        PostgresTestDatabase server = PostgresTestDatabase.server();
        environment.getPropertySources().addFirst(new MapPropertySource("certflow-test-postgres", Map.of(
                "spring.datasource.url", server.createDatabase(),
                "spring.datasource.username", nullToEmpty(server.username()),
                "spring.datasource.password", nullToEmpty(server.password()),
                "spring.datasource.driver-class-name", "org.postgresql.Driver")));
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
