package nl.certflow.ca.simulator;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import nl.certflow.ca.WebhookCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the simulated CA's pushes to certflow's {@code /webhooks/sectigo} over real HTTP, in Sectigo's
 * "Certificate Issuance Push" form fields and with the webhook credentials. Like Sectigo, a push that is not
 * answered with 200 is retried three times and then given up (the poll fallback covers that).
 */
public class SimulatorPushSender {

    public static final int ISSUED = 6;
    public static final int REJECTED = 7;
    public static final int REVOKED = 8;

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorPushSender.class);
    private static final long[] RETRY_DELAYS_MS = {1_000, 5_000, 30_000};

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Supplier<URI> webhookUrl;
    private final WebhookCredentials credentials;
    private final ScheduledExecutorService scheduler;

    public SimulatorPushSender(
            Supplier<URI> webhookUrl, WebhookCredentials credentials, ScheduledExecutorService scheduler) {
        this.webhookUrl = webhookUrl;
        this.credentials = credentials;
        this.scheduler = scheduler;
    }

    public void send(String orderNumber, String certificateId, int statusCode, String status, String certificatePem) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("orderNumber", orderNumber);
        fields.put("certificateID", certificateId);
        fields.put("eventType", "Certificate");
        fields.put("status", status);
        fields.put("statusCode", Integer.toString(statusCode));
        fields.put("statusDesc", status);
        if (certificatePem != null) {
            fields.put("certificate", certificatePem);
        }
        attempt(fields, 0);
    }

    private void attempt(Map<String, String> fields, int attempt) {
        int status;
        try {
            status = post(fields);
        } catch (Exception e) {
            status = -1;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (status == 200) {
            return;
        }
        if (attempt >= RETRY_DELAYS_MS.length) {
            LOG.warn(
                    "Simulated CA: push for order {} not accepted after {} retries (last HTTP status {}); giving up",
                    fields.get("orderNumber"),
                    attempt,
                    status);
            return;
        }
        scheduler.schedule(() -> attempt(fields, attempt + 1), RETRY_DELAYS_MS[attempt], TimeUnit.MILLISECONDS);
    }

    private int post(Map<String, String> fields) throws Exception {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String basic = Base64.getEncoder()
                .encodeToString(
                        (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(webhookUrl.get())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
