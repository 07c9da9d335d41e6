package nl.certflow.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** certflow's control-panel API as a customer uses it, timing every call into {@link Latencies}. */
final class Api {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    // The order's own status comes before its history entries in the JSON.
    private static final Pattern CA_ORDER_NUMBER = Pattern.compile("\"orderNumber\":\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");
    private static final Pattern SECRET = Pattern.compile("\"secret\":\"([^\"]+)\"");
    private static final Pattern NEXT = Pattern.compile("\"next\":(\\d+)");

    private final HttpClient http;
    private final String base;
    private final String authorization;
    private final Latencies latencies;

    Api(HttpClient http, String base, String user, String password, Latencies latencies) {
        this.http = http;
        this.base = base;
        this.authorization = basic(user, password);
        this.latencies = latencies;
    }

    String base() {
        return base;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    String create(String orderJson) throws IOException, InterruptedException {
        return match(ID, call("create", post("/api/orders", orderJson), 201));
    }

    void submit(String id) throws IOException, InterruptedException {
        call("submit", post("/api/orders/" + id + "/submit", ""), 202);
    }

    void cancel(String id) throws IOException, InterruptedException {
        call("cancel", post("/api/orders/" + id + "/cancel", "{\"reason\":\"benchmark\"}"), 202);
    }

    String status(String id) throws IOException, InterruptedException {
        return match(
                STATUS, call("get (poll)", request("/api/orders/" + id).GET().build(), 200));
    }

    String caOrderNumber(String id) throws IOException, InterruptedException {
        return match(
                CA_ORDER_NUMBER,
                call("get (poll)", request("/api/orders/" + id).GET().build(), 200));
    }

    /** Registers a webhook endpoint for every event of this account: its id and signing secret. */
    String[] registerWebhook(String url) throws IOException, InterruptedException {
        String body = call("webhook", post("/api/webhooks", "{\"url\":\"" + url + "\"}"), 201);
        return new String[] {match(ID, body), match(SECRET, body)};
    }

    /** The last sequence in this account's event feed (read to its end from {@code after}). */
    long lastEvent(long after) throws IOException, InterruptedException {
        long next = after;
        while (true) {
            String page = call(
                    "events",
                    request("/api/events?limit=1000&after=" + next).GET().build(),
                    200);
            long last = Long.parseLong(match(NEXT, page));
            if (last == next) {
                return last;
            }
            next = last;
        }
    }

    private HttpRequest post(String path, String json) {
        return request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization);
    }

    private String call(String name, HttpRequest request, int expected) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        latencies.record(name, (System.nanoTime() - start) / 1000);
        if (response.statusCode() != expected) {
            throw new IOException(name + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String match(Pattern pattern, String body) throws IOException {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IOException("Unexpected answer: " + body);
        }
        return matcher.group(1);
    }
}
