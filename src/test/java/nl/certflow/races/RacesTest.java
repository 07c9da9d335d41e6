package nl.certflow.races;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.QuickPollApplicationTest;
import nl.certflow.TestOrders;
import nl.certflow.order.OrderStatus;
import nl.certflow.order.OrderStore;
import nl.certflow.webhook.CaPushDelivery;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Everything at once. The simulated CA issues "silent." orders without pushing, so only the test's pushes and the
 * status poll (every second here) tell certflow; each order is hit at the same moment by the CA's push, the
 * customer's cancel and a second push. Orders: {@code -Dcertflow.races.orders} (8 quick, 50 full).
 */
@QuickPollApplicationTest
class RacesTest {

    private static final int ORDERS = Integer.getInteger("certflow.races.orders", 8);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final List<String> START = List.of("OPEN", "OPEN/REQUEST", "REQUESTED");
    /** The histories that make sense after START: cancel lost the race (409) / won before / after the issue. */
    private static final Set<List<String>> SENSIBLE_ENDINGS = Set.of(
            List.of("ACTIVE"),
            List.of("ACTIVE", "ACTIVE/CANCEL", "REVOKED"),
            List.of("REQUESTED/CANCEL", "REVOKED"),
            // the CA issued before it saw the cancellation: the certificate is revoked as well
            List.of("REQUESTED/CANCEL", "ACTIVE/CANCEL", "REVOKED"));

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ManagementService management;

    @Autowired
    RuntimeService runtime;

    @Autowired
    OrderStore orders;

    @Autowired
    CaPushDelivery delivery;

    @Autowired
    TransactionTemplate transactions;

    ApiClient api;
    ExecutorService pool;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        pool = Executors.newFixedThreadPool(Math.max(3, ORDERS * 3));
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void pushCancelAndSecondPushAtTheSameMomentEndInExactlyOneSensibleStatus() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            ids.add(submitted("silent.race-" + i + ".example.com"));
        }
        List<String> orderNumbers = ids.stream().map(this::awaitIssuedAtCa).toList();

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> cancels = new ArrayList<>();
        List<Future<Response>> all = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            String id = ids.get(i);
            String number = orderNumbers.get(i);
            all.add(pool.submit(at(go, () -> push(number, "6&status=Issued"))));
            Future<Response> cancel = pool.submit(at(
                    go,
                    () -> api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"race\"}")));
            cancels.add(cancel);
            all.add(cancel);
            all.add(pool.submit(at(go, () -> push(number, "9&status=Issued"))));
        }
        go.countDown();
        for (Future<Response> answer : all) {
            assertThat(answer.get().status()).as(answer.get().body()).isIn(200, 202, 409);
        }

        for (int i = 0; i < ORDERS; i++) {
            Response cancel = cancels.get(i).get();
            String expected = cancel.status() == 202 ? "REVOKED" : "ACTIVE";
            JsonNode order = awaitSettled(ids.get(i), expected);
            List<String> history = history(order);
            assertThat(history.subList(0, 3)).as(ids.get(i)).isEqualTo(START);
            assertThat(SENSIBLE_ENDINGS)
                    .as("history of %s (cancel %s)", ids.get(i), cancel.status())
                    .contains(history.subList(3, history.size()));
        }
        awaitPushesDelivered(orderNumbers);
        // the application is shared: only this test's orders (their processes and push deliveries) count
        List<String> instances = ids.stream()
                .flatMap(id -> runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).list().stream())
                .map(ProcessInstance::getId)
                .toList();
        assertThat(management.createJobQuery().withException().list())
                .as("no failing job left")
                .noneMatch(job -> instances.contains(job.getProcessInstanceId()));
    }

    @Test
    void theSamePushThreeTimesAtOnceIsStoredOnceAndMovesTheOrderOnce() throws Exception {
        String id = submitted("silent.triple.example.com");
        String number = awaitIssuedAtCa(id);

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(pool.submit(at(go, () -> push(number, "6&status=Issued&certificateID=1"))));
        }
        go.countDown();
        List<String> bodies = new ArrayList<>();
        for (Future<Response> answer : answers) {
            assertThat(answer.get().status()).isEqualTo(200);
            bodies.add(answer.get().body());
        }

        assertThat(bodies).containsExactlyInAnyOrder("OK", "OK duplicate", "OK duplicate");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cf_ca_push WHERE ca_order_number = ?", Long.class, number))
                .isEqualTo(1);
        JsonNode active = awaitSettled(id, "ACTIVE");
        assertThat(history(active)).containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "ACTIVE");
    }

    /**
     * The CA's "awaiting brand validation" note is delivered while the rejection of the same order is being written
     * by another transaction: the note waits for it, sees Afgekeurd and is ignored, instead of being appended after
     * the final status as if the order were still Aangevraagd (seen once in the PostgreSQL crash run).
     */
    @Test
    void aCaNoteDeliveredWhileTheOrderIsRejectedIsNotWrittenAfterTheRejection() throws Exception {
        String id = submitted("hold.note-race.example.com");
        // queryForList: no row yet (not Aangevraagd) is "not yet", where queryForObject would throw
        String number = await().atMost(PATIENCE)
                .until(
                        () -> jdbc.queryForList(
                                "SELECT ca_order_number FROM cf_order WHERE id = ? AND status = 'REQUESTED'",
                                String.class,
                                id),
                        numbers -> !numbers.isEmpty() && numbers.get(0) != null)
                .get(0);
        long pushId = storedNote(number);

        CountDownLatch rejectionWritten = new CountDownLatch(1);
        long[] committedAt = new long[1];
        Future<?> rejection = pool.submit(() -> transactions.executeWithoutResult(status -> {
            orders.recordStatus(id, OrderStatus.REJECTED, null, "CA: rejected", Instant.now());
            rejectionWritten.countDown();
            sleep(Duration.ofMillis(500));
            committedAt[0] = System.nanoTime();
        }));
        rejectionWritten.await();
        transactions.executeWithoutResult(status -> delivery.deliver(pushId, null, order -> {
            throw new AssertionError("a note wakes no process");
        }));
        long deliveredAt = System.nanoTime();
        rejection.get();

        assertThat(deliveredAt)
                .as("the note waited for the rejection's transaction")
                .isGreaterThan(committedAt[0]);
        assertThat(jdbc.queryForObject("SELECT outcome FROM cf_ca_push WHERE id = ?", String.class, pushId))
                .isEqualTo("ignored: the order is already Afgekeurd");
        List<String> history =
                history(api.get("alice", "alice-secret", "/api/orders/" + id).json());
        assertThat(history).containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "REJECTED");
    }

    private long storedNote(String orderNumber) {
        jdbc.update("""
                INSERT INTO cf_ca_push (dedup_key, received_at, handed_over_at, ca_order_number, status_code, status_desc)
                VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?, 12, 'awaiting brand validation')""", "note-race-" + orderNumber, orderNumber);
        return jdbc.queryForObject(
                "SELECT id FROM cf_ca_push WHERE dedup_key = ?", Long.class, "note-race-" + orderNumber);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String submitted(String commonName) {
        Response created = api.post(
                "alice",
                "alice-secret",
                "/api/orders",
                TestOrders.dv(commonName).toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + created.id() + "/submit", null)
                        .status())
                .isEqualTo(202);
        return created.id();
    }

    /** The CA's order number once the simulated CA has issued (silently). */
    private String awaitIssuedAtCa(String id) {
        return await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> jdbc.queryForList(
                                "SELECT order_number FROM cf_simulator_order WHERE foreign_order_number = ? AND state = 'ISSUED'",
                                String.class,
                                id),
                        numbers -> !numbers.isEmpty())
                .get(0);
    }

    private JsonNode awaitSettled(String id, String status) {
        return await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("alice", "alice-secret", "/api/orders/" + id)
                                .json(),
                        order -> status.equals(order.get("status").asText())
                                && order.get("pendingTransition").isNull());
    }

    private void awaitPushesDelivered(List<String> orderNumbers) {
        await().atMost(PATIENCE)
                .until(() -> orderNumbers.stream()
                        .allMatch(number -> jdbc.queryForObject(
                                        "SELECT COUNT(*) FROM cf_ca_push WHERE outcome IS NULL AND ca_order_number = ?",
                                        Long.class,
                                        number)
                                == 0));
    }

    private Response push(String orderNumber, String rest) {
        return api.form(
                "sectigo", "push-secret", "/webhooks/sectigo", "orderNumber=" + orderNumber + "&statusCode=" + rest);
    }

    private static <T> Callable<T> at(CountDownLatch go, Callable<T> call) {
        return () -> {
            go.await();
            return call.call();
        };
    }

    private static List<String> history(JsonNode order) {
        List<String> entries = new ArrayList<>();
        order.get("history")
                .forEach(entry -> entries.add(entry.get("status").asText()
                        + (entry.get("pendingTransition").isNull()
                                ? ""
                                : "/" + entry.get("pendingTransition").asText())));
        return entries;
    }
}
