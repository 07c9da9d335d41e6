package nl.certflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.TestOrders;
import nl.certflow.order.OrderStatus;
import nl.certflow.order.OrderStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event feed and the webhooks end to end: real HTTP both ways, the job executor and the simulated CA on, the
 * receivers real HTTP servers that check the signatures themselves. The test profile allows http to this machine
 * (certflow.webhooks.allow-private-targets) and retries within a second.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EventsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    OrderStore orders;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcTemplate jdbc;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void theFeedShowsEachCustomerItsOwnOrdersEventsInSequence() {
        String alices = create("alice", "feed-alice.example.com");
        String bobs = create("bob", "feed-bob.example.com");

        await().atMost(PATIENCE)
                .until(() -> orderIds(feed("alice", 0, 1000)).contains(alices)
                        && orderIds(feed("bob", 0, 1000)).contains(bobs));
        assertThat(orderIds(feed("alice", 0, 1000))).doesNotContain(bobs);
        assertThat(orderIds(feed("bob", 0, 1000))).doesNotContain(alices);

        List<JsonNode> all = feed("ops", 0, 1000);
        assertThat(orderIds(all)).contains(alices, bobs);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).get("sequence").asLong())
                    .as("numbered without holes")
                    .isEqualTo(all.get(i - 1).get("sequence").asLong() + 1);
        }
        JsonNode created = all.stream()
                .filter(e -> e.get("orderId").asText().equals(alices))
                .findFirst()
                .orElseThrow();
        assertThat(created.get("type").asText()).isEqualTo("order.created");
        assertThat(created.get("id").asText()).startsWith("evt_");
        assertThat(created.get("status").asText()).isEqualTo("OPEN");
        assertThat(created.get("statusLabel").asText()).isEqualTo("Open");
        assertThat(created.get("reason").asText()).isEqualTo("Order created");
        assertThat(Instant.parse(created.get("at").asText()))
                .isBefore(Instant.now().plusSeconds(1));
        assertThat(created.has("pendingTransition")).isTrue();

        // paging with the answer's next gives the same events as one read
        long last = all.get(all.size() - 1).get("sequence").asLong();
        List<String> paged = new ArrayList<>();
        long after = 0;
        while (after < last) {
            JsonNode page = api.get("ops", "ops-secret", "/api/events?after=" + after + "&limit=2")
                    .json();
            page.get("items").forEach(item -> paged.add(item.get("id").asText()));
            assertThat(page.get("items").size()).isBetween(1, 2);
            after = page.get("next").asLong();
        }
        assertThat(paged.subList(0, all.size()))
                .isEqualTo(all.stream().map(e -> e.get("id").asText()).toList());
        JsonNode end = api.get("ops", "ops-secret", "/api/events?after=" + (last + 1_000_000))
                .json();
        assertThat(end.get("items")).isEmpty();
        assertThat(end.get("next").asLong())
                .as("an empty page resumes where it was asked")
                .isEqualTo(last + 1_000_000);
    }

    @Test
    void badFeedParametersAreProblems() {
        for (String query :
                List.of("after=-1", "after=x", "limit=0", "limit=1001", "limit=abc", "after=99999999999999999999")) {
            Response response = api.get("alice", "alice-secret", "/api/events?" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.contentType()).as(query).startsWith("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").asText())
                    .as(query)
                    .isIn("after", "limit");
        }
    }

    @Test
    void aChangeThatRollsBackLeavesNoEventAndEveryHistoryEntryHasOne() {
        String id = create("alice", "rollback.example.com");
        long events = eventsOf(id);
        long history = historyOf(id);
        assertThat(events).isEqualTo(history).isEqualTo(1);

        transactions.executeWithoutResult(status -> {
            orders.recordStatus(id, OrderStatus.REVOKED, null, "rolled back", Instant.now());
            assertThat(eventsOf(id)).as("inside the transaction").isEqualTo(2);
            status.setRollbackOnly();
        });
        assertThat(eventsOf(id)).isEqualTo(1);
        assertThat(historyOf(id)).isEqualTo(1);

        transactions.executeWithoutResult(
                status -> orders.appendHistory(id, OrderStatus.OPEN, null, "a note", Instant.now()));
        assertThat(eventsOf(id)).isEqualTo(historyOf(id)).isEqualTo(2);
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(feed("alice", 0, 1000).stream()
                                .filter(e -> e.get("orderId").asText().equals(id))
                                .map(e -> e.get("type").asText())
                                .toList())
                        .containsExactly("order.created", "order.note"));
        assertThat(feed("alice", 0, 1000).stream().map(e -> e.get("reason").asText()))
                .doesNotContain("rolled back");
    }

    /**
     * Writers commit out of order (each sleeps a random while between writing its entry and committing) while a
     * reader follows the feed with after=next: a sequence given at insert time would let the reader skip an event
     * that commits after a later one; the sequencer numbers only committed events, so the reader sees every one.
     */
    @Test
    void aReaderFollowingTheFeedMissesNoEventOfConcurrentWriters() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(create("alice", "concurrent-" + i + ".example.com"));
        }
        long after = feedNext("alice"); // before the writers start: from here on the reader must see all of them
        String run = "run-" + System.nanoTime();
        int writers = 6;
        int perWriter = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perWriter; i++) {
                    String reason = run + " " + writer + "/" + i;
                    String order = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                    transactions.executeWithoutResult(status -> {
                        orders.appendHistory(order, OrderStatus.OPEN, null, reason, Instant.now());
                        pause(ThreadLocalRandom.current().nextInt(15));
                    });
                }
                return null;
            }));
        }
        List<JsonNode> seen = new ArrayList<>();
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (countRun(seen, run) < writers * perWriter && Instant.now().isBefore(giveUp)) {
            JsonNode page = api.get("alice", "alice-secret", "/api/events?after=" + after + "&limit=7")
                    .json();
            page.get("items").forEach(seen::add);
            after = page.get("next").asLong();
        }
        for (Future<?> writer : done) {
            writer.get();
        }
        pool.shutdown();
        assertThat(countRun(seen, run)).as("events of the run the reader saw").isEqualTo(writers * perWriter);
        Set<String> distinct = new HashSet<>();
        seen.forEach(e ->
                assertThat(distinct.add(e.get("id").asText())).as("seen once").isTrue());
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).get("sequence").asLong())
                    .isGreaterThan(seen.get(i - 1).get("sequence").asLong());
        }
    }

    @Test
    void aWebhookReceivesEveryEventOfTheAccountSignedAndInOrder() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String endpoint = register("alice", receiver, null);
            String id = create("alice", "hooked.example.com");
            String bobs = create("bob", "not-for-alice.example.com");
            assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null)
                            .status())
                    .isEqualTo(202);
            await().atMost(PATIENCE).until(() -> statusOf(id).equals("ACTIVE"));
            assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"hook test\"}")
                            .status())
                    .isEqualTo(202);
            await().atMost(PATIENCE).until(() -> statusOf(id).equals("REVOKED"));

            // the order's status is visible at once; its event once the sequencer has numbered it, a moment later
            List<JsonNode> events = await().atMost(PATIENCE)
                    .until(
                            () -> feed("alice", 0, 1000).stream()
                                    .filter(e -> e.get("orderId").asText().equals(id))
                                    .toList(),
                            list -> !list.isEmpty()
                                    && list.get(list.size() - 1)
                                            .get("status")
                                            .asText()
                                            .equals("REVOKED"));
            List<String> expected = idsOf(events, id);
            await().atMost(PATIENCE).until(() -> idsOf(receiver.events(), id).size() >= expected.size());
            assertThat(idsOf(receiver.events(), id))
                    .as("each event once, in sequence order")
                    .isEqualTo(expected);
            assertThat(receiver.events().stream()
                            .map(e -> e.get("type").asText())
                            .toList())
                    .contains("order.created", "order.status_changed");
            assertThat(receiver.events().stream()
                            .filter(e -> e.get("orderId").asText().equals(id))
                            .map(e -> e.get("statusLabel").asText()
                                    + (e.get("pendingTransition").isNull()
                                            ? ""
                                            : "/" + e.get("pendingTransition").asText()))
                            .toList())
                    .containsSubsequence(
                            "Open", "Open/REQUEST", "Aangevraagd", "Actief", "Actief/CANCEL", "Ingetrokken");
            assertThat(orderIds(receiver.events())).doesNotContain(bobs);
            assertThat(receiver.badSignatures()).isZero();
            delete("alice", endpoint);
        }
    }

    @Test
    void aReceiverThatFailsAndRecoversGetsEveryEventInOrder() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver().failFirst(3)) {
            String endpoint = register("alice", receiver, List.of("order.created"));
            List<String> ids = List.of(
                    create("alice", "flaky-1.example.com"),
                    create("alice", "flaky-2.example.com"),
                    create("alice", "flaky-3.example.com"));
            await().atMost(PATIENCE).until(() -> orderIds(receiver.events()).containsAll(ids));
            assertThat(orderIds(receiver.events()))
                    .as("created events only, in order, each once")
                    .containsExactlyElementsOf(ids);
            JsonNode listed = listed("alice", endpoint);
            List<Integer> codes = StreamSupport.stream(
                            listed.get("recentAttempts").spliterator(), false)
                    .map(a -> a.get("statusCode").asInt())
                    .toList();
            assertThat(codes).as("newest first").startsWith(204).contains(503);
            assertThat(listed.get("failingSince").isNull()).isTrue();
            assertThat(listed.get("disabled").asBoolean()).isFalse();
            delete("alice", endpoint);
        }
    }

    @Test
    void aSlowReceiverDelaysOnlyItsOwnDeliveries() throws Exception {
        try (WebhookReceiver slow = new WebhookReceiver().delay(Duration.ofMillis(1500));
                WebhookReceiver fast = new WebhookReceiver()) {
            String slowEndpoint = register("alice", slow, List.of("order.created"));
            String fastEndpoint = register("alice", fast, List.of("order.created"));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(create("alice", "speed-" + i + ".example.com"));
            }
            await().atMost(PATIENCE).until(() -> orderIds(fast.events()).containsAll(ids));
            assertThat(orderIds(slow.events()))
                    .as("the slow one is still busy")
                    .doesNotContainAnyElementsOf(ids.subList(2, 4));
            await().atMost(PATIENCE).until(() -> orderIds(slow.events()).containsAll(ids));
            delete("alice", slowEndpoint);
            delete("alice", fastEndpoint);
        }
    }

    @Test
    void anEndpointFailingForDaysIsDisabledAndSaysSo() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver().failFirst(Integer.MAX_VALUE)) {
            String endpoint = register("alice", receiver, null);
            String first = create("alice", "dead-end.example.com");
            await().atMost(PATIENCE)
                    .until(() -> !listed("alice", endpoint).get("failingSince").isNull());
            jdbc.update(
                    "UPDATE cf_webhook_endpoint SET failing_since = ? WHERE id = ?",
                    Timestamp.from(Instant.now().minus(Duration.ofDays(4))),
                    endpoint);
            await().atMost(PATIENCE)
                    .until(() -> listed("alice", endpoint).get("disabled").asBoolean());
            JsonNode listed = listed("alice", endpoint);
            assertThat(listed.get("disabledReason").asText()).contains("HTTP 503");
            assertThat(listed.get("nextAttemptAt").isNull()).isTrue();
            await().atMost(PATIENCE).until(() -> disabledEndpointsGauge() >= 1);
            int requests = receiver.requests();
            String later = create("alice", "after-disabled.example.com");
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> receiver.requests() == requests);

            // the receiver is fixed; its account replays from where the endpoint stopped, which enables it again
            receiver.failFirst(0);
            assertThat(api.post("bob", "bob-secret", "/api/webhooks/" + endpoint + "/replay", "{}")
                            .status())
                    .isEqualTo(404);
            assertThat(api.post("alice", "alice-secret", "/api/webhooks/" + endpoint + "/replay", "{\"after\":-1}")
                            .status())
                    .isEqualTo(400);
            Response replayed = api.post("alice", "alice-secret", "/api/webhooks/" + endpoint + "/replay", "{}");
            assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
            assertThat(replayed.json().get("disabled").asBoolean()).isFalse();
            await().atMost(PATIENCE).until(() -> orderIds(receiver.events()).contains(later));
            assertThat(orderIds(receiver.events()))
                    .as("the first order's events too, before the later one's")
                    .startsWith(first);
            delete("alice", endpoint);
        }
    }

    @Test
    void endpointsBelongToTheirAccountAndTheSecretIsShownOnce() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Response registered = api.post(
                    "alice",
                    "alice-secret",
                    "/api/webhooks",
                    "{\"url\":\"" + receiver.url() + "\",\"types\":[\"order.created\",\"order.status_changed\"]}");
            assertThat(registered.status()).isEqualTo(201);
            String id = registered.id();
            String secret = registered.json().get("secret").asText();
            assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");
            assertThat(registered.json().get("types").toString())
                    .isEqualTo("[\"order.created\",\"order.status_changed\"]");

            assertThat(api.get("alice", "alice-secret", "/api/webhooks").body())
                    .contains(id)
                    .doesNotContain(secret);
            assertThat(api.get("ops", "ops-secret", "/api/webhooks").body()).contains(id);
            assertThat(api.get("bob", "bob-secret", "/api/webhooks").body()).doesNotContain(id);
            Response bobDeletes = api.send(
                    api.request("bob", "bob-secret", "/api/webhooks/" + id).DELETE());
            assertThat(bobDeletes.status()).isEqualTo(404);
            assertThat(bobDeletes.contentType()).startsWith("application/problem+json");
            String stored =
                    jdbc.queryForObject("SELECT secret FROM cf_webhook_endpoint WHERE id = ?", String.class, id);
            assertThat(stored)
                    .as("encrypted with the test profile's key")
                    .startsWith("aes-gcm:")
                    .doesNotContain(secret.substring("whsec_".length()));

            assertThat(api.send(api.request("alice", "alice-secret", "/api/webhooks/" + id)
                                    .DELETE())
                            .status())
                    .isEqualTo(204);
            assertThat(api.get("alice", "alice-secret", "/api/webhooks").body()).doesNotContain(id);
            assertThat(api.send(api.request("alice", "alice-secret", "/api/webhooks/" + id)
                                    .DELETE())
                            .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void badRegistrationsAreProblemsAndStoreNothing() {
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM cf_webhook_endpoint", Long.class);
        for (String body : List.of(
                "{}",
                "{\"url\":\"ftp://127.0.0.1/x\"}",
                "{\"url\":\"\"}",
                "{\"url\":\"not a url\"}",
                "{\"url\":\"http://127.0.0.1/x\",\"types\":[]}",
                "{\"url\":\"http://127.0.0.1/x\",\"types\":[\"order.nope\"]}",
                "{\"url\":\"http://127.0.0.1/x\",\"types\":[\"order.created\",null]}",
                "{\"url\":5}",
                "{\"url\":\"http://127.0.0.1/x\",\"extra\":1}",
                "{\"url\":\"http://user:pw@127.0.0.1/x\"}",
                "[]",
                "nonsense")) {
            Response response = api.post("alice", "alice-secret", "/api/webhooks", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.contentType()).as(body).startsWith("application/problem+json");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cf_webhook_endpoint", Long.class))
                .isEqualTo(before);
    }

    /** What an operator's Prometheus scrape says about disabled endpoints. */
    private double disabledEndpointsGauge() {
        Matcher gauge = Pattern.compile("certflow_webhooks_endpoints\\{[^}]*state=\"disabled\"[^}]*} (\\S+)")
                .matcher(api.get("ops", "ops-secret", "/actuator/prometheus").body());
        return gauge.find() ? Double.parseDouble(gauge.group(1)) : -1;
    }

    private String register(String user, WebhookReceiver receiver, List<String> types) throws Exception {
        String body = JSON.writeValueAsString(
                types == null ? Map.of("url", receiver.url()) : Map.of("url", receiver.url(), "types", types));
        Response response = api.post(user, user + "-secret", "/api/webhooks", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        receiver.secret(response.json().get("secret").asText());
        return response.id();
    }

    private void delete(String user, String endpoint) {
        assertThat(api.send(api.request(user, user + "-secret", "/api/webhooks/" + endpoint)
                                .DELETE())
                        .status())
                .isEqualTo(204);
    }

    private JsonNode listed(String user, String endpoint) {
        for (JsonNode item :
                api.get(user, user + "-secret", "/api/webhooks").json().get("items")) {
            if (item.get("id").asText().equals(endpoint)) {
                return item;
            }
        }
        throw new AssertionError("endpoint " + endpoint + " not listed");
    }

    private String create(String user, String commonName) {
        Response created = api.post(
                user, user + "-secret", "/api/orders", TestOrders.dv(commonName).toString());
        assertThat(created.status()).isEqualTo(201);
        return created.id();
    }

    private String statusOf(String id) {
        return api.get("alice", "alice-secret", "/api/orders/" + id)
                .json()
                .get("status")
                .asText();
    }

    private List<JsonNode> feed(String user, long after, int limit) {
        Response response = api.get(user, user + "-secret", "/api/events?after=" + after + "&limit=" + limit);
        assertThat(response.status()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        response.json().get("items").forEach(items::add);
        return items;
    }

    /** Where the feed ends now: a reader starting here sees only what comes after. */
    private long feedNext(String user) {
        long after = 0;
        while (true) {
            JsonNode page = api.get(user, user + "-secret", "/api/events?after=" + after + "&limit=1000")
                    .json();
            if (page.get("items").isEmpty()) {
                return after;
            }
            after = page.get("next").asLong();
        }
    }

    private long eventsOf(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM cf_event WHERE order_id = ?", Long.class, orderId);
    }

    private long historyOf(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM cf_order_history WHERE order_id = ?", Long.class, orderId);
    }

    private static List<String> orderIds(List<JsonNode> events) {
        return events.stream().map(e -> e.get("orderId").asText()).distinct().toList();
    }

    private static List<String> idsOf(List<JsonNode> events, String orderId) {
        return events.stream()
                .filter(e -> e.get("orderId").asText().equals(orderId))
                .map(e -> e.get("id").asText())
                .toList();
    }

    private static long countRun(List<JsonNode> events, String run) {
        return events.stream()
                .filter(e -> e.get("reason").asText().startsWith(run + " "))
                .count();
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
