package nl.certflow;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server tests may use: {@code CERTFLOW_TEST_POSTGRES_URL} (e.g.
 * {@code jdbc:postgresql://localhost:5432/certflow_test}), {@code CERTFLOW_TEST_POSTGRES_USERNAME} and
 * {@code CERTFLOW_TEST_POSTGRES_PASSWORD}, as environment variables or system properties. The account needs
 * CREATEDB: every Spring context gets a database {@code <configured database>_<hash>} of its own ({@code certflow_test_…}
 * in CI), so no test sees another's data and two accounts on one server never share or drop each other's databases.
 * {@code .ci/run} starts the server, creates the account and drops the databases of earlier runs.
 */
public record PostgresTestDatabase(String url, String username, String password) {

    public static final String URL_VARIABLE = "CERTFLOW_TEST_POSTGRES_URL";

    /** The configured server; fails when none is configured (check {@link #assumeAvailable()} first where optional). */
    public static PostgresTestDatabase server() {
        String url = setting(URL_VARIABLE);
        if (url == null) {
            throw new IllegalStateException(URL_VARIABLE + " is not set: no PostgreSQL server for the tests");
        }
        return new PostgresTestDatabase(
                url, setting("CERTFLOW_TEST_POSTGRES_USERNAME"), setting("CERTFLOW_TEST_POSTGRES_PASSWORD"));
    }

    /** Skips the calling test, with the reason, when no PostgreSQL server is configured or it cannot be reached. */
    public static void assumeAvailable() {
        String url = setting(URL_VARIABLE);
        Assumptions.assumeTrue(
                url != null,
                "needs PostgreSQL: set " + URL_VARIABLE
                        + " (and CERTFLOW_TEST_POSTGRES_USERNAME / _PASSWORD) to a server where the account may create databases;"
                        + " .ci/run does");
        String failure = server().connectionFailure();
        Assumptions.assumeTrue(
                failure == null, () -> "needs PostgreSQL, but " + url + " cannot be reached: " + failure);
    }

    /** Creates an empty database on this server and answers its JDBC URL. */
    public String createDatabase() {
        return database(UUID.randomUUID().toString());
    }

    /**
     * The JDBC URL (same host, port and parameters) of the database for this key, created empty when it does not
     * exist yet: the same key, say the H2 URL of a context that is started again, finds the same data.
     */
    public String database(String key) {
        String name = configuredDatabase() + "_" + sha256(key).substring(0, 16);
        try (Connection connection = connect();
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + " on " + url, e);
        }
        URI server = URI.create(url.substring("jdbc:".length()));
        return "jdbc:" + server.getScheme() + "://" + server.getRawAuthority() + "/" + name
                + (server.getRawQuery() == null ? "" : "?" + server.getRawQuery());
    }

    private String configuredDatabase() {
        String path = URI.create(url.substring("jdbc:".length())).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private String connectionFailure() {
        try (Connection connection = connect()) {
            return null;
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, username, password);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }
}
