package nl.certflow.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One certflow node started as a user would: {@code java -Xmx512m -jar target/certflow.jar}, configured by env. */
final class Node implements AutoCloseable {

    static final String USER = "bench";
    static final String PASSWORD = "bench-secret";
    static final String OPERATOR_PASSWORD = "operator-secret";
    /** An API account with role OPERATOR: reads the node's metrics on /actuator. */
    static final String METRICS_USER = "bench-operator";

    static final String METRICS_PASSWORD = "bench-operator-secret";
    private static final Pattern METRIC_VALUE = Pattern.compile("\"value\":([0-9.Ee+-]+)");
    static final String WEBHOOK_USER = "bench-ca";
    static final String WEBHOOK_PASSWORD = "bench-ca-secret";

    private final Process process;
    private final int port;
    final double startupSeconds;

    private Node(Process process, int port, double startupSeconds) {
        this.process = process;
        this.port = port;
        this.startupSeconds = startupSeconds;
    }

    static Node start(Path jar, Path workDir, Database database, int port, Path log)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("java", "-Xmx512m", "-jar", jar.toString()))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("SERVER_PORT", Integer.toString(port));
        env.putAll(database.environment());
        env.put("CERTFLOW_CA_SIMULATOR_DECISION_DELAY", "PT0S");
        env.put("CERTFLOW_CA_SIMULATOR_CANCELLATION_DELAY", "PT0S");
        env.put("CERTFLOW_SECURITY_USERS_0_NAME", USER);
        env.put("CERTFLOW_SECURITY_USERS_0_PASSWORD", PASSWORD);
        env.put("CERTFLOW_SECURITY_USERS_0_ROLE", "CUSTOMER");
        env.put("CERTFLOW_SECURITY_USERS_1_NAME", METRICS_USER);
        env.put("CERTFLOW_SECURITY_USERS_1_PASSWORD", METRICS_PASSWORD);
        env.put("CERTFLOW_SECURITY_USERS_1_ROLE", "OPERATOR");
        env.put("CAMUNDA_BPM_ADMINUSER_PASSWORD", OPERATOR_PASSWORD);
        env.put("CERTFLOW_WEBHOOK_SECTIGO_USERNAME", WEBHOOK_USER);
        env.put("CERTFLOW_WEBHOOK_SECTIGO_PASSWORD", WEBHOOK_PASSWORD);
        // The events phase's receiver listens on 127.0.0.1 over http (refused in production).
        env.put("CERTFLOW_WEBHOOKS_ALLOWPRIVATETARGETS", "true");
        long start = System.nanoTime();
        Process process = builder.start();
        awaitReady(process, port);
        return new Node(process, port, (System.nanoTime() - start) / 1e9);
    }

    private static void awaitReady(Process process, int port) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("certflow exited with " + process.exitValue() + " during start-up; see its log");
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IOException("certflow not ready within 5 minutes");
    }

    /** CPU time the node's JVM has used so far (all its threads), in seconds. */
    double cpuSeconds() {
        return process.toHandle()
                        .info()
                        .totalCpuDuration()
                        .orElseThrow(() -> new IllegalStateException("the node's CPU time cannot be read here"))
                        .toNanos()
                / 1e9;
    }

    /**
     * SQL statements the node has sent so far: its counter {@code certflow.jdbc.statements} on /actuator/metrics;
     * NaN if this build has none.
     */
    double sqlStatements(HttpClient http) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/actuator/metrics/certflow.jdbc.statements"))
                .header("Authorization", Api.basic(METRICS_USER, METRICS_PASSWORD))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher value = METRIC_VALUE.matcher(response.body());
        return response.statusCode() == 200 && value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    Api api(HttpClient http, Latencies latencies) {
        return new Api(http, base(), USER, PASSWORD, latencies);
    }

    /** The engine's history cleanup, as an operator would trigger it (it honours the models' time-to-live). */
    void historyCleanup(HttpClient http) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(base() + "/engine-rest/history/cleanup?immediatelyDue=true"))
                .header("Authorization", Api.basic("operator", OPERATOR_PASSWORD))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("history cleanup answered " + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
