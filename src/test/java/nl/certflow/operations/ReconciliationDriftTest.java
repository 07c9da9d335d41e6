package nl.certflow.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.TestOrders;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Reconciliation against the simulated CA, end to end: the CA revokes an Actief order without telling certflow (no
 * push) and holds an order certflow never placed. A run of {@code ReconcileWithCaProcess} finds both: the revoked
 * order gets a history entry and is collected again through its own process (it ends Ingetrokken, as the CA says),
 * the unknown one fails its "Report unrepaired drift" step with an operator hint (its incident), and the report is
 * readable by operators.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "certflow.reconciliation.grace=PT0S")
@ActiveProfiles("test")
class ReconciliationDriftTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Test
    void driftIsRepairedThroughTheOrdersOwnProcessOrReportedPerOrder() {
        ApiClient api = new ApiClient(port);
        assertThat(api.get("ops", "ops-secret", "/api/operations/reconciliation")
                        .status())
                .as("no report before the first run")
                .isEqualTo(404);
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("drift.example.com").toString())
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        JsonNode active = awaitOrder(api, id, "ACTIVE");
        String caOrderNumber = active.get("ca").get("orderNumber").asText();

        // the CA revokes on its own and sends no push; and it holds an order certflow never placed
        jdbc.update(
                "UPDATE cf_simulator_order SET state = 'REVOKED', detail = 'Revoked by the CA: key compromise'"
                        + " WHERE order_number = ?",
                caOrderNumber);
        jdbc.update(
                "INSERT INTO cf_simulator_order (order_number, certificate_id, foreign_order_number, common_name,"
                        + " subject_alt_names, csr_pem, validity_days, state, detail, serial_number, not_before,"
                        + " not_after, cert_pem, created_at) SELECT '99000001', '99000002', 'placed-elsewhere',"
                        + " common_name, subject_alt_names, csr_pem, validity_days, 'ISSUED', 'Issued',"
                        + " serial_number, not_before, not_after, cert_pem, created_at FROM cf_simulator_order"
                        + " WHERE order_number = ?",
                caOrderNumber);

        ProcessInstance run = runtime.startProcessInstanceByKey("ReconcileWithCaProcess");

        JsonNode revoked = awaitOrder(api, id, "REVOKED");
        assertThat(texts(revoked.get("history"), "reason"))
                .anyMatch(reason -> reason.startsWith("Reconciliation with the CA: the CA revoked order "
                        + caOrderNumber + " while certflow shows it Actief (ACTIVE)"))
                .contains("The CA reports the certificate revoked: Revoked by the CA: key compromise");
        Job unrepaired = await().atMost(PATIENCE)
                .until(
                        () -> management
                                .createJobQuery()
                                .processInstanceId(run.getId())
                                .withException()
                                .singleResult(),
                        job -> job != null);
        assertThat(unrepaired.getExceptionMessage())
                .startsWith("Drift: CA order 99000001 (ISSUED) is unknown to certflow. Look the order up at the CA");

        Response report = api.get("ops", "ops-secret", "/api/operations/reconciliation");
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        assertThat(report.json().get("drifted").asInt()).isEqualTo(2);
        assertThat(report.json().get("unrepaired").asInt()).isEqualTo(1);
        assertThat(texts(report.json().get("lines"), null))
                .anyMatch(line -> line.startsWith("Collected again: order " + id + ": the CA revoked order"))
                .anyMatch(line -> line.startsWith("Not repaired: CA order 99000001 (ISSUED) is unknown to certflow"));
        assertThat(api.get("alice", "alice-secret", "/api/operations/reconciliation")
                        .status())
                .isEqualTo(403);
        assertThat(api.get("ops", "ops-secret", "/actuator/prometheus").body())
                .contains("certflow_reconciliation_drifted 2.0")
                .contains("certflow_reconciliation_unrepaired 1.0");
    }

    /** Issue 16: a notAfter the CA reports otherwise is corrected from the CA, and the expiry timer follows it. */
    @Test
    void aDifferentNotAfterMovesTheExpiryTimer() {
        ApiClient api = new ApiClient(port);
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("later.example.com").toString())
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        JsonNode active = awaitOrder(api, id, "ACTIVE");
        String caOrderNumber = active.get("ca").get("orderNumber").asText();
        Instant ours = Instant.parse(active.get("certificate").get("notAfter").asText());
        ProcessInstance order = runtime.createProcessInstanceQuery()
                .processDefinitionKey("CertificateOrderProcess")
                .processInstanceBusinessKey(id)
                .singleResult();
        assertThat(expiryTimer(order).getDuedate().toInstant()).isEqualTo(ours);

        // the CA's record of the same certificate ends ten days later (certflow missed it)
        Instant theCas = ours.plus(Duration.ofDays(10));
        jdbc.update(
                "UPDATE cf_simulator_order SET not_after = ? WHERE order_number = ?",
                Timestamp.from(theCas),
                caOrderNumber);

        runtime.startProcessInstanceByKey("ReconcileWithCaProcess");

        JsonNode corrected = await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("alice", "alice-secret", "/api/orders/" + id)
                                .json(),
                        o -> theCas.equals(Instant.parse(
                                o.get("certificate").get("notAfter").asText())));
        assertThat(corrected.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(expiryTimer(order).getDuedate().toInstant())
                .as("the expiry timer follows the CA's notAfter")
                .isEqualTo(theCas);
        assertThat(texts(corrected.get("history"), "reason"))
                .anyMatch(reason -> reason.startsWith("Reconciliation with the CA: the CA's certificate for order "
                        + caOrderNumber + " is valid until " + theCas + ", certflow's until " + ours))
                .anyMatch(reason -> reason.startsWith("The CA's certificate, serial ")
                        && reason.endsWith("the expiry follows the CA"));
    }

    private Job expiryTimer(ProcessInstance order) {
        return management
                .createJobQuery()
                .processInstanceId(order.getId())
                .activityId("Event_CertificateExpired")
                .singleResult();
    }

    private static JsonNode awaitOrder(ApiClient api, String id, String status) {
        return await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("alice", "alice-secret", "/api/orders/" + id)
                                .json(),
                        order -> status.equals(order.get("status").asText()));
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node ->
                texts.add(field == null ? node.asText() : node.get(field).asText()));
        return texts;
    }
}
