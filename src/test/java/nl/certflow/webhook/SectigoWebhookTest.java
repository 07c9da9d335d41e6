package nl.certflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.TestOrders;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** The CA push webhook over real HTTP: credentials, malformed input, duplicates, concurrency and unknown orders. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SectigoWebhookTest {

    private static final String PUSH_PATH = "/webhooks/sectigo";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ManagementService management;

    @Autowired
    RuntimeService runtime;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void pushWithoutCredentialsIsUnauthorizedAndNotStored() {
        long before = pushCount();
        Response anonymous = api.form(null, null, PUSH_PATH, "orderNumber=1&statusCode=6");
        Response wrongPassword = api.form("sectigo", "wrong", PUSH_PATH, "orderNumber=1&statusCode=6");
        Response apiAccount = api.form("alice", "alice-secret", PUSH_PATH, "orderNumber=1&statusCode=6");

        assertThat(List.of(anonymous.status(), wrongPassword.status(), apiAccount.status()))
                .containsOnly(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(anonymous.body()).doesNotContain("push-secret");
        assertThat(pushCount()).isEqualTo(before);
    }

    @Test
    void malformedPushesAreRejectedWithFieldErrorsAndNotStored() {
        long before = pushCount();
        Response missingOrder = push("statusCode=6");
        Response notANumber = push("orderNumber=123&statusCode=issued");
        Response unknownCode = push("orderNumber=123&statusCode=42");
        Response injection = push("orderNumber=1%27%3B%20DROP%20TABLE%20cf_order%3B--&statusCode=6");
        Response twice = push("orderNumber=1&orderNumber=2&statusCode=6");

        for (Response response : List.of(missingOrder, notANumber, unknownCode, injection, twice)) {
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("errors")).isNotEmpty();
        }
        assertThat(missingOrder.json().get("errors").get(0).get("field").asText())
                .isEqualTo("orderNumber");
        assertThat(notANumber.json().get("errors").get(0).get("field").asText()).isEqualTo("statusCode");
        assertThat(pushCount()).isEqualTo(before);
    }

    @Test
    void duplicatePushIsAcknowledgedAndChangesNothing() {
        String form = "orderNumber=55500011&certificateID=77&eventType=Certificate&status=Issued&statusCode=6";
        Response first = push(form);
        Response second = push(form);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("OK");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("OK duplicate");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM cf_ca_push WHERE ca_order_number = '55500011'", Long.class))
                .isEqualTo(1);
        // the stored push reaches the engine after the answer, once: one delivery instance, not two
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> runtime.createProcessInstanceQuery()
                                .processInstanceBusinessKey("CA order 55500011")
                                .count(),
                        count -> count > 0);
        assertThat(runtime.createProcessInstanceQuery()
                        .processInstanceBusinessKey("CA order 55500011")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void theSamePushThreeTimesAtOnceIsStoredOnce() throws Exception {
        String form = "orderNumber=55500022&certificateID=78&eventType=Certificate&status=Issued&statusCode=6";
        List<Response> answers = concurrently(3, () -> push(form));

        assertThat(answers).extracting(Response::status).containsOnly(200);
        assertThat(answers).extracting(Response::body).containsOnlyOnce("OK");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM cf_ca_push WHERE ca_order_number = '55500022'", Long.class))
                .isEqualTo(1);
    }

    @Test
    void pushForAnUnknownOrderIsKeptAndItsDeliveryJobSaysWhy() {
        Response response = push("orderNumber=99999999&statusCode=6&status=Issued");
        assertThat(response.status()).isEqualTo(200);

        // handed to the engine right after the answer
        String delivery99 = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> runtime.createProcessInstanceQuery()
                                .processInstanceBusinessKey("CA order 99999999")
                                .singleResult(),
                        instance -> instance != null)
                .getId();
        Job delivery = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> management
                                .createJobQuery()
                                .processInstanceId(delivery99)
                                .singleResult(),
                        job -> job != null && job.getExceptionMessage() != null);
        assertThat(delivery.getExceptionMessage()).contains("No order has CA order number 99999999");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM cf_ca_push WHERE ca_order_number = '99999999'", Long.class))
                .isEqualTo(1);
    }

    @Test
    void concurrentPushesForOneOrderAreAllDeliveredAndTheOrderChangesOnce() throws Exception {
        Response created = api.post(
                "alice",
                "alice-secret",
                "/api/orders",
                TestOrders.dv("busy.example.com").toString());
        String id = created.id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        JsonNode active = awaitStatus(id, "ACTIVE");
        String orderNumber = active.get("ca").get("orderNumber").asText();

        Iterator<String> codes = List.of("9", "14", "6&status=Reissued").iterator();
        List<Response> answers =
                concurrently(3, () -> push("orderNumber=" + orderNumber + "&statusCode=" + next(codes)));
        assertThat(answers).extracting(Response::status).containsOnly(200);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM cf_ca_push WHERE ca_order_number = ? AND outcome IS NULL",
                                Long.class,
                                orderNumber)
                        == 0);
        JsonNode order = api.get("alice", "alice-secret", "/api/orders/" + id).json();
        assertThat(order.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(order.get("history").findValuesAsText("status").stream()
                        .filter("ACTIVE"::equals)
                        .count())
                .as("informational and repeated pushes add no status change")
                .isEqualTo(2);
        assertThat(order.get("history").findValuesAsText("reason")).anyMatch(reason -> reason.contains("replaced"));
        List<String> instances = runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).list().stream()
                .map(instance -> instance.getId())
                .toList();
        assertThat(management.createJobQuery().withException().list())
                .noneMatch(job -> instances.contains(job.getProcessInstanceId()));
    }

    @Test
    void whatTheCaWritesReachesTheHistoryAsOneShortLine() {
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("hold.words.example.com").toString())
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        String orderNumber =
                awaitStatus(id, "REQUESTED").get("ca").get("orderNumber").asText();

        // "line\r\nbreak\u001B[31m <script>alert(1)</script>" and 600 more characters, as a form encodes them
        String words = "line%0D%0Abreak%1B%5B31m+%3Cscript%3Ealert(1)%3C%2Fscript%3E+" + "y".repeat(600);
        assertThat(push("orderNumber=" + orderNumber + "&statusCode=12&statusDesc=" + words)
                        .status())
                .isEqualTo(200);

        String note = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api
                                .get("alice", "alice-secret", "/api/orders/" + id)
                                .json()
                                .get("history")
                                .findValuesAsText("reason")
                                .stream()
                                .filter(reason -> reason.startsWith("CA: line"))
                                .findFirst()
                                .orElse(null),
                        reason -> reason != null);
        assertThat(note)
                .startsWith("CA: line break [31m <script>alert(1)</script> yyy")
                .endsWith("y…")
                .hasSize("CA: ".length() + CaPushParser.MAX_STATUS_DESC)
                .doesNotContain("\r", "\n", "\u001B");
        assertThat(jdbc.queryForObject(
                        "SELECT status_desc FROM cf_ca_push WHERE ca_order_number = ?", String.class, orderNumber))
                .as("stored cleaned")
                .isEqualTo(note.substring("CA: ".length()));
    }

    private JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("alice", "alice-secret", "/api/orders/" + id)
                                .json(),
                        order -> status.equals(order.get("status").asText())
                                && order.get("pendingTransition").isNull());
    }

    private static synchronized String next(Iterator<String> values) {
        return values.next();
    }

    private Response push(String form) {
        return api.form("sectigo", "push-secret", PUSH_PATH, form);
    }

    private long pushCount() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM cf_ca_push", Long.class);
    }

    private static List<Response> concurrently(int times, Callable<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(times);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                futures.add(pool.submit(call));
            }
            List<Response> answers = new ArrayList<>();
            for (Future<Response> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdown();
        }
    }
}
