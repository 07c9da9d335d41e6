package nl.certflow.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import nl.certflow.events.WebhookEndpointStore.Attempt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers the events to the endpoints, at least once, signed (Standard Webhooks). An endpoint receives its events
 * one at a time in sequence order (so one order's events arrive in order) from the place stored with it, which moves
 * only after a 2xx: a node killed between a delivery and that write delivers the event again. One delivery thread
 * per endpoint at a time, across nodes too (the endpoint's lease): a slow or dead endpoint holds only its own
 * thread and its own events. After a failure the endpoint waits out the retry schedule; an endpoint that has been
 * failing for {@code certflow.webhooks.disable-after} is disabled, and its list entry says why.
 */
@Component
class WebhookDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    /** An endpoint's turn: after this long its thread lets other endpoints go first. */
    private static final Duration TURN = Duration.ofSeconds(30);

    private static final int EVENTS_PER_READ = 100;
    private static final int MAX_ERROR_LENGTH = 300;

    private final WebhookEndpointStore endpoints;
    private final EventStore events;
    private final WebhookSecrets secrets;
    private final TargetGuard guard;
    private final WebhooksProperties properties;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC(); // wall time: receivers check the timestamp, leases span nodes
    private final String node = "node-" + UUID.randomUUID();
    private final Duration lease;
    private final HttpClient http;
    private final ExecutorService threads;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    WebhookDelivery(
            WebhookEndpointStore endpoints,
            EventStore events,
            WebhookSecrets secrets,
            WebhooksProperties properties,
            ObjectMapper json) {
        this.endpoints = endpoints;
        this.events = events;
        this.secrets = secrets;
        this.guard = new TargetGuard(properties.allowPrivateTargets(), InetAddress::getAllByName);
        this.properties = properties;
        this.json = json;
        // Renewed after every delivery, so it only has to outlast one attempt (connect, answer, name lookup) by far;
        // no longer, as it is also how long the endpoint waits when its node was killed.
        this.lease =
                properties.connectTimeout().plus(properties.requestTimeout()).plusSeconds(30);
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.threads = Executors.newFixedThreadPool(properties.threads(), runnable -> {
            Thread thread = new Thread(runnable, "webhook-delivery");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Leases due endpoints while this node has delivery threads free, and starts their deliveries. */
    void dispatchDue() {
        Instant now = clock.instant();
        for (String id : endpoints.due(now, properties.threads() * 2)) {
            if (inFlight.size() >= properties.threads()) {
                return;
            }
            if (!inFlight.contains(id) && endpoints.lease(id, node, now, now.plus(lease))) {
                inFlight.add(id);
                threads.execute(() -> {
                    try {
                        deliver(id);
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "Delivering events to webhook endpoint {} failed; its lease runs out and it is tried again",
                                id,
                                e);
                    } finally {
                        inFlight.remove(id);
                    }
                });
            }
        }
    }

    void stop() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One turn of a leased endpoint: its events in sequence until none is left, one fails, or the turn is over. */
    private void deliver(String id) {
        WebhookEndpoint endpoint = endpoints.find(id).orElse(null);
        if (endpoint == null) {
            return;
        }
        Instant turnEnds = clock.instant().plus(TURN);
        long place = endpoint.deliveredThrough();
        while (true) {
            List<Event> next = events.after(place, endpoint.ownerFilter(), EVENTS_PER_READ);
            if (next.isEmpty()) {
                endpoints.release(id, node);
                return;
            }
            for (Event event : next) {
                if (!endpoint.wants(event)) {
                    place = event.sequence();
                    continue;
                }
                Attempt attempt = send(endpoint, event);
                endpoints.recordAttempt(id, attempt);
                if (!succeeded(attempt)) {
                    endpoints.advance(id, node, place, false, clock.instant().plus(lease));
                    failed(endpoint, attempt);
                    return;
                }
                place = event.sequence();
                if (!endpoints.advance(id, node, place, true, clock.instant().plus(lease))) {
                    return; // deleted, or the lease was lost: whoever holds it now goes on from the stored place
                }
                if (clock.instant().isAfter(turnEnds)) {
                    endpoints.release(id, node);
                    return;
                }
            }
            if (!endpoints.advance(id, node, place, false, clock.instant().plus(lease))) {
                return;
            }
        }
    }

    private void failed(WebhookEndpoint endpoint, Attempt attempt) {
        Instant now = clock.instant();
        Instant failingSince =
                endpoint.failures() == 0 || endpoint.failingSince() == null ? now : endpoint.failingSince();
        String disabledReason = null;
        if (!failingSince.plus(properties.disableAfter()).isAfter(now)) {
            disabledReason = "Disabled: every delivery failed since " + failingSince + "; last: "
                    + (attempt.statusCode() != null ? "HTTP " + attempt.statusCode() : attempt.error());
            LOG.warn("Webhook endpoint {} disabled after failing since {}", endpoint.id(), failingSince);
        }
        endpoints.failed(
                endpoint.id(), node, now, now.plus(properties.retryDelay(endpoint.failures() + 1)), disabledReason);
    }

    private static boolean succeeded(Attempt attempt) {
        return attempt.statusCode() != null && attempt.statusCode() >= 200 && attempt.statusCode() < 300;
    }

    private Attempt send(WebhookEndpoint endpoint, Event event) {
        Instant start = clock.instant();
        Integer status = null;
        String error = null;
        try {
            URI target = guard.check(endpoint.url());
            String body = json.writeValueAsString(event);
            long timestamp = start.getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(target)
                    .timeout(properties.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "certflow-webhooks")
                    .header("webhook-id", event.id())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header(
                            "webhook-signature",
                            WebhookSigner.sign(
                                    secrets.open(endpoint.id(), endpoint.sealedSecret()), event.id(), timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close(); // the answer's body is not read: a receiver cannot hold the thread with it
            status = response.statusCode();
        } catch (UnsafeTargetException e) {
            error = "URL refused at delivery: it " + e.getMessage();
        } catch (HttpTimeoutException e) {
            error = "timed out";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An event is always serializable", e);
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted (node stopping)";
        }
        if (error != null && error.length() > MAX_ERROR_LENGTH) {
            error = error.substring(0, MAX_ERROR_LENGTH);
        }
        return new Attempt(
                start,
                event.sequence(),
                event.id(),
                status,
                error,
                Duration.between(start, clock.instant()).toMillis());
    }
}
