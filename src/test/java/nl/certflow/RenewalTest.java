package nl.certflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.certflow.ApiClient.Response;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 13, renewal as a linked order, end to end over HTTP (contract, "Term and renewal"): {@code POST
 * /api/orders/{id}/renew} creates the successor Open and prefilled, links both ways, refuses a second renewal and a
 * final order (409), and another customer's order is not found (404). The reminders before the end reach the event
 * feed, and stop once the renewal exists.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RenewalTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @AfterEach
    void realClock() {
        ClockUtil.reset();
    }

    @Test
    void renewCreatesTheSuccessorPrefilledAndLinkedBothWaysOnce() throws Exception {
        String name = "www.renew.example.com";
        ObjectNode body = TestOrders.dv(name);
        body.putArray("subjectAlternativeNames").add("renew.example.com");
        body.putObject("dcv").put("method", "HTTP_CSR_HASH");
        String id = api.post("alice", "alice-secret", "/api/orders", body.toString())
                .id();

        Response tooEarly = renew("alice", id);
        assertThat(tooEarly.status()).as("Open: the process takes no renewal").isEqualTo(409);
        assertThat(tooEarly.contentType()).startsWith("application/problem+json");
        assertThat(get(id).get("renewedBy").isNull()).isTrue();

        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        JsonNode active = awaitSettled(id, "ACTIVE");
        assertThat(renew("bob", id).status()).as("another customer's order").isEqualTo(404);

        long ordersBefore = total();
        HttpResponse<String> renewed = renewWithHeaders(id);
        assertThat(renewed.statusCode()).isEqualTo(201);
        String renewalId = JSON.readTree(renewed.body()).get("id").asText();
        assertThat(renewed.headers().firstValue("Location")).hasValue("/api/orders/" + renewalId);
        JsonNode renewal = get(renewalId);
        assertThat(renewal.get("status").asText()).isEqualTo("OPEN");
        assertThat(renewal.get("renewalOf").asText()).isEqualTo(id);
        assertThat(renewal.get("renewedBy").isNull()).isTrue();
        for (String field : List.of("validation", "commonName", "subjectAlternativeNames", "requester", "csr")) {
            assertThat(renewal.get(field)).as(field).isEqualTo(active.get(field));
        }
        assertThat(renewal.get("validityDays").asInt()).isEqualTo(90);
        assertThat(renewal.get("dcv").get("method").asText()).isEqualTo("HTTP_CSR_HASH");
        assertThat(renewal.get("certificate").isNull()).isTrue();
        assertThat(reasons(renewal)).containsExactly("Order created by alice as the renewal of order " + id);

        JsonNode predecessor = get(id);
        assertThat(predecessor.get("renewedBy").asText()).isEqualTo(renewalId);
        assertThat(predecessor.get("renewalOf").isNull()).isTrue();
        assertThat(predecessor.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(reasons(predecessor)).contains("Renewal ordered by alice: order " + renewalId);
        assertThat(total()).isEqualTo(ordersBefore + 1);

        Response twice = renew("alice", id);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.contentType()).startsWith("application/problem+json");
        assertThat(twice.json().get("detail").asText()).isEqualTo("The order is already renewed by order " + renewalId);
        assertThat(total()).as("a refused renewal creates nothing").isEqualTo(ordersBefore + 1);

        assertThat(api.post("alice", "alice-secret", "/api/orders/" + renewalId + "/submit", null)
                        .status())
                .as("the successor is an order like any other")
                .isEqualTo(202);
        awaitSettled(renewalId, "ACTIVE");
    }

    @Test
    void aFinalOrderCannotBeRenewed() {
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("reject.renew.example.com").toString())
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        awaitSettled(id, "REJECTED");
        long ordersBefore = total();
        Response refused = renew("alice", id);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).isEqualTo("The order is already Afgekeurd");
        assertThat(total()).isEqualTo(ordersBefore);
    }

    @Test
    void badInputChangesNothing() {
        long ordersBefore = total();
        for (String id : List.of("no-such-order", "00000000-0000-0000-0000-000000000000", "%27%20OR%201%3D1")) {
            Response response = renew("alice", id);
            assertThat(response.status()).as(id).isEqualTo(404);
            assertThat(response.contentType()).as(id).startsWith("application/problem+json");
        }
        assertThat(api.send(api.request("alice", "alice-secret", "/api/orders/no-such-order/renew")
                                .PUT(HttpRequest.BodyPublishers.noBody()))
                        .status())
                .as("only POST")
                .isEqualTo(405);
        assertThat(total()).isEqualTo(ordersBefore);
    }

    /** Reminders are history entries and so events; none once the renewal exists. Engine clock moved, not slept. */
    @Test
    void remindersReachTheEventFeedUntilTheOrderIsRenewed() {
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("remind.renew.example.com").toString())
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        Instant notAfter = Instant.parse(
                awaitSettled(id, "ACTIVE").get("certificate").get("notAfter").asText());

        Job first = reminderTimer(id);
        assertThat(first.getDuedate().toInstant()).isEqualTo(notAfter.minus(Duration.ofDays(30)));
        ClockUtil.setCurrentTime(first.getDuedate());
        try {
            management.executeJob(first.getId());
        } catch (ProcessEngineException e) {
            // optimistic locking: the job executor saw the timer due on the moved clock and ran it first
        }
        JsonNode reminder = await().atMost(PATIENCE)
                .until(() -> reminderEvents(id), events -> !events.isEmpty())
                .get(0);
        ClockUtil.reset();
        assertThat(reminder.get("reason").asText())
                .isEqualTo("Renewal reminder: the certificate expires in 30 days (" + notAfter
                        + "); renew the order to keep a certificate in place");
        assertThat(reminder.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(reasons(get(id))).contains(reminder.get("reason").asText());
        assertThat(reminderTimer(id).getDuedate().toInstant()).isEqualTo(notAfter.minus(Duration.ofDays(14)));

        assertThat(renew("alice", id).status()).isEqualTo(201);
        assertThat(reminderTimer(id).getDuedate().toInstant())
                .as("renewed: no reminder before the end any more")
                .isEqualTo(notAfter.plus(Duration.ofDays(1)));
    }

    private HttpResponse<String> renewWithHeaders(String id) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        api.request("alice", "alice-secret", "/api/orders/" + id + "/renew")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private Response renew(String user, String id) {
        return api.post(user, user + "-secret", "/api/orders/" + id + "/renew", null);
    }

    private JsonNode get(String id) {
        return api.get("alice", "alice-secret", "/api/orders/" + id).json();
    }

    private long total() {
        return api.get("alice", "alice-secret", "/api/orders?size=1")
                .json()
                .get("total")
                .asLong();
    }

    private JsonNode awaitSettled(String id, String status) {
        return await().atMost(PATIENCE)
                .until(
                        () -> get(id),
                        order -> status.equals(order.get("status").asText())
                                && order.get("pendingTransition").isNull());
    }

    private List<JsonNode> reminderEvents(String id) {
        List<JsonNode> found = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api.get("alice", "alice-secret", "/api/events?limit=1000&after=" + after)
                    .json();
            page.get("items").forEach(event -> {
                if (event.get("orderId").asText().equals(id)
                        && event.get("type").asText().equals("order.renewal_reminder")) {
                    found.add(event);
                }
            });
            if (page.get("items").isEmpty()) {
                return found;
            }
            after = page.get("next").asLong();
        }
    }

    private Job reminderTimer(String id) {
        String instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(id)
                .processDefinitionKey("CertificateOrderProcess")
                .singleResult()
                .getId();
        return management
                .createJobQuery()
                .processInstanceId(instance)
                .activityId("Event_RenewalReminderDue")
                .singleResult();
    }

    private static List<String> reasons(JsonNode order) {
        List<String> reasons = new ArrayList<>();
        order.get("history").forEach(entry -> reasons.add(entry.get("reason").asText()));
        return reasons;
    }
}
