package nl.certflow.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CA pushes at a fixed open-loop rate: push i is due at start + i / rate whatever earlier answers took, and its
 * latency is counted from when it was due (no coordinated omission). The pushes are informational (statusCode 12,
 * "awaiting brand validation") for Actief orders, each with its own text so none is a duplicate: all are stored,
 * acknowledged and then delivered into the order's history by the job executor.
 */
final class PushAckLoad {

    record Result(Latencies.Summary ack, int sent, int failed) {}

    private final HttpClient http;
    private final Node node;
    private final List<String> caOrderNumbers;
    private final AtomicInteger sequence = new AtomicInteger();

    PushAckLoad(HttpClient http, Node node, List<String> caOrderNumbers) {
        this.http = http;
        this.node = node;
        this.caOrderNumbers = caOrderNumbers;
    }

    Result run(int perSecond, Duration duration) throws InterruptedException {
        ConcurrentLinkedQueue<Long> micros = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        int total = (int) (perSecond * duration.toMillis() / 1000);
        long intervalNanos = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        CompletableFuture<?>[] answers = new CompletableFuture<?>[total];
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            answers[i] = http.sendAsync(push(i), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        micros.add((System.nanoTime() - due) / 1000);
                        if (error != null || response.statusCode() != 200) {
                            failed.incrementAndGet();
                        }
                    });
        }
        CompletableFuture.allOf(answers).exceptionally(e -> null).join();
        return new Result(Latencies.Summary.of(micros), total, failed.get());
    }

    private HttpRequest push(int i) {
        int n = sequence.incrementAndGet();
        String orderNumber = caOrderNumbers.get(i % caOrderNumbers.size());
        String form =
                "orderNumber=" + orderNumber + "&certificateID=" + orderNumber + "&eventType=Certificate&statusCode=12"
                        + "&status=" + URLEncoder.encode("Awaiting brand validation " + n, StandardCharsets.UTF_8)
                        + "&statusDesc=" + URLEncoder.encode("awaiting brand validation", StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(URI.create(node.base() + "/webhooks/sectigo"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", Api.basic(Node.WEBHOOK_USER, Node.WEBHOOK_PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
    }
}
