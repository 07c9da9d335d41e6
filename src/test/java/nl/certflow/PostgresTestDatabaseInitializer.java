package nl.certflow;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs the test suite on PostgreSQL: with the system property {@code certflow.test.database=postgres} (set by the
 * Maven profile {@code postgres-tests}), every H2 database of the tests becomes a PostgreSQL database of its own:
 * the test profile's in-memory ones (a random name each) are fresh, and a context started again on the same H2 file
 * (RestartTest) finds its data again. Contexts already on PostgreSQL (ClusterTest) keep their database.
 * Registered for all contexts in {@code META-INF/spring.factories}.
 */
public class PostgresTestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String SWITCH = "certflow.test.database";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        String url = environment.getProperty("spring.datasource.url", "");
        if (!"postgres".equals(System.getProperty(SWITCH)) || !url.startsWith("jdbc:h2:")) {
            return;
        }
        PostgresTestDatabase server = PostgresTestDatabase.server();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "certflow-test-postgres",
                        Map.of(
                                "spring.datasource.url", server.database(url),
                                "spring.datasource.username", nullToEmpty(server.username()),
                                "spring.datasource.password", nullToEmpty(server.password()),
                                "spring.datasource.driver-class-name", "org.postgresql.Driver")));
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
