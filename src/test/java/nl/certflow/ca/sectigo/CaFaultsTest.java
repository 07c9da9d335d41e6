package nl.certflow.ca.sectigo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.ca.sectigo.SectigoStub.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sectigo is down for a while: first it answers 503, then it times out (while still placing the orders: an unknown
 * outcome). Jobs retry with back-off, run out of retries and become incidents; Sectigo recovers and the operator
 * retries every incident through the engine REST API, as Cockpit's Retry does. Every order completes, and none is
 * placed twice: the resubmit names the same foreignOrderNumber. Orders: {@code -Dcertflow.cafaults.orders} (4 quick).
 */
class CaFaultsTest extends SharedSectigoApplication {

    private static final int ORDERS = Integer.getInteger("certflow.cafaults.orders", 4);
    /** This application's engine by name: the default engine of the JVM is whichever test application started last. */
    private static final String ENGINE_REST = "/engine-rest/engine/" + ENGINE + "/";

    OrderDriver orders;
    ApiClient operator;

    @BeforeEach
    void connect() {
        orders = new OrderDriver(port);
        operator = new ApiClient(port);
    }

    @Test
    void ordersSurviveAnOutageAndAreSubmittedExactlyOnce() {
        Function<Map<String, String>, Reply> healthy = SECTIGO.apply;
        SECTIGO.apply = form -> new Reply(503, "Service Unavailable");
        OffsetDateTime submitted = OffsetDateTime.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            ids.add(orders.submitDv("outage-" + i + ".sectigo.example"));
        }

        for (String id : ids) {
            JsonNode job = failedSubmitJob(id);
            assertThat(job.get("exceptionMessage").asText()).contains("HTTP 503");
            // five more tries after the first (PT10S,PT1M,...); on a loaded machine the PT10S try of an early
            // order may already have failed too by the time the last order is submitted
            assertThat(job.get("retries").asInt())
                    .as("tries left after the first failures (R5/PT10S,PT1M,...)")
                    .isBetween(4, 5);
            // the first failure came after the submit; on a loaded machine it is seen only seconds later
            assertThat(OffsetDateTime.parse(job.get("dueDate").asText(), DATE))
                    .as("with back-off")
                    .isAfter(submitted.plusSeconds(5));
        }

        // Now Sectigo times out, yet places the order: certflow cannot know whether it did.
        SECTIGO.apply = healthy;
        SECTIGO.delayMillis = 1_500;
        for (String id : ids) {
            JsonNode incident = exhaustRetries(id);
            assertThat(incident.get("incidentMessage").asText()).contains("timed out");
            assertThat(orders.get(id).get("status").asText()).isEqualTo("OPEN");
        }

        SECTIGO.delayMillis = 0;
        for (String id : ids) {
            String jobId = incidents(id).get(0).get("configuration").asText();
            // due date first: with a retry the executor may take the job at once, and a change to it while it runs
            // fails that run with an OptimisticLockingException that leaves the job locked for minutes
            assertThat(runNow(jobId).status()).isEqualTo(204);
            assertThat(operatorSend("PUT", ENGINE_REST + "job/" + jobId + "/retries", "{\"retries\":1}")
                            .status())
                    .isEqualTo(204);
        }

        for (String id : ids) {
            String orderNumber = orders.awaitStatus(id, "REQUESTED")
                    .get("ca")
                    .get("orderNumber")
                    .asText();
            SECTIGO.issue(orderNumber);
            assertThat(SECTIGO.push(orderNumber, 6)).isEqualTo(200);
        }
        for (String id : ids) {
            JsonNode active = orders.awaitStatus(id, "ACTIVE");
            assertThat(OrderDriver.history(active)).containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "ACTIVE");
            assertThat(SECTIGO.ordersPlacedFor(id)).as("placed once at Sectigo").isEqualTo(1);
            assertThat(active.get("ca").get("orderNumber").asText())
                    .isEqualTo(SECTIGO.orderFor(id).orElseThrow().orderNumber);
            assertThat(SECTIGO.requestsTo(SectigoStub.APPLY).stream()
                            .filter(r -> id.equals(r.form().get("foreignOrderNumber"))))
                    .as("every AutoApplySSL for the order: one 503, five timeouts, the retry")
                    .hasSize(7);
            assertThat(incidents(id)).isEmpty();
        }
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    /** Lets the job's next attempts run now instead of after the back-off, until it has no retries left. */
    private JsonNode exhaustRetries(String id) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    List<JsonNode> found = incidents(id);
                    if (!found.isEmpty()) {
                        return true;
                    }
                    JsonNode job = submitJob(id);
                    if (job != null
                            && job.get("dueDate") != null
                            && !job.get("dueDate").isNull()
                            && OffsetDateTime.parse(job.get("dueDate").asText(), DATE)
                                    .isAfter(OffsetDateTime.now())) {
                        runNow(job.get("id").asText());
                    }
                    return false;
                });
        return incidents(id).get(0);
    }

    /**
     * The operator's "run it now": a due date of now. (certflow runs with ensure-job-due-date-not-null, so the job
     * executor only takes jobs with a due date; a null one would park the job.)
     */
    private Response runNow(String jobId) {
        return operatorSend(
                "PUT",
                ENGINE_REST + "job/" + jobId + "/duedate",
                "{\"duedate\":\"" + OffsetDateTime.now().format(DATE) + "\"}");
    }

    private JsonNode failedSubmitJob(String id) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> submitJob(id),
                        job -> job != null && !job.get("exceptionMessage").isNull());
    }

    private JsonNode submitJob(String id) {
        JsonNode jobs = operator.get(
                        "operator",
                        "operator-secret",
                        ENGINE_REST + "job?processInstanceId=" + processInstance(id)
                                + "&activityId=Task_SubmitOrderToCa")
                .json();
        return jobs.isEmpty() ? null : jobs.get(0);
    }

    private List<JsonNode> incidents(String id) {
        List<JsonNode> found = new ArrayList<>();
        operator.get("operator", "operator-secret", ENGINE_REST + "incident?processInstanceId=" + processInstance(id))
                .json()
                .forEach(found::add);
        return found;
    }

    private String processInstance(String id) {
        return operator.get(
                        "operator",
                        "operator-secret",
                        ENGINE_REST + "process-instance?processDefinitionKey=CertificateOrderProcess&businessKey=" + id)
                .json()
                .get(0)
                .get("id")
                .asText();
    }

    private Response operatorSend(String method, String path, String json) {
        return operator.send(operator.request("operator", "operator-secret", path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }
}
