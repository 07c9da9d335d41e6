package nl.certflow.ca.sectigo;

import static nl.certflow.ca.sectigo.OrderDriver.PATIENCE;
import static nl.certflow.ca.sectigo.OrderDriver.history;
import static nl.certflow.ca.sectigo.OrderDriver.lastReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.LoopbackPeer;
import nl.certflow.TestCsrs;
import nl.certflow.TestOrders;
import nl.certflow.ca.sectigo.SectigoStub.Reply;
import nl.certflow.ca.sectigo.SectigoStub.Webhook;
import nl.certflow.process.ProcessVariables;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** certflow with {@code provider=sectigo} against the stateful Sectigo stub, over real HTTP both ways. */
class SectigoLifecycleTest extends SharedSectigoApplication {

    @Autowired
    ManagementService management;

    @Autowired
    RuntimeService runtime;

    @Autowired
    JdbcTemplate jdbc;

    OrderDriver orders;

    @BeforeEach
    void connect() {
        orders = new OrderDriver(port);
    }

    @Test
    void issuedByPushThenRevokedByPush() throws Exception {
        String id = orders.submitDv("www.sectigo-lifecycle.example");
        String orderNumber = awaitRequested(id);

        SECTIGO.issue(orderNumber);
        assertThat(SECTIGO.push(orderNumber, 6)).isEqualTo(200);

        JsonNode active = orders.awaitStatus(id, "ACTIVE");
        SectigoStubSigner.Issued issued = SECTIGO.order(orderNumber).certificate;
        assertThat(active.get("statusLabel").asText()).isEqualTo("Actief");
        assertThat(active.get("ca").get("orderNumber").asText()).isEqualTo(orderNumber);
        assertThat(active.get("ca").get("certificateId").asText()).isEqualTo(SECTIGO.order(orderNumber).certificateId);
        JsonNode certificate = active.get("certificate");
        assertThat(certificate.get("pem").asText()).isEqualToIgnoringNewLines(issued.pem());
        assertThat(certificate.get("serialNumber").asText())
                .isEqualTo(issued.serial().toString(16).toUpperCase());
        assertThat(certificate.get("notBefore").asText())
                .isEqualTo(issued.notBefore().toString());
        assertThat(certificate.get("notAfter").asText())
                .isEqualTo(issued.notAfter().toString());
        assertThat(jdbc.queryForObject(
                        "SELECT source_address FROM cf_ca_push WHERE ca_order_number = ? AND status_code = 6",
                        String.class,
                        orderNumber))
                .as("the CA's address, not the proxy's")
                .isEqualTo(SECTIGO_ADDRESS);

        Response cancelled = orders.cancel(id, "key lost");
        assertThat(cancelled.status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> SECTIGO.order(orderNumber).state == SectigoStub.State.REVOKED);
        assertThat(SECTIGO.requestsTo(SectigoStub.REVOKE).stream()
                        .filter(r -> orderNumber.equals(r.form().get("orderNumber")))
                        .findFirst()
                        .orElseThrow()
                        .form())
                .containsEntry("orderNumber", orderNumber)
                .containsEntry("revocationReason", "key lost");
        assertThat(SECTIGO.push(orderNumber, 8)).isEqualTo(200);

        JsonNode revoked = orders.awaitStatus(id, "REVOKED");
        assertThat(revoked.get("statusLabel").asText()).isEqualTo("Ingetrokken");
        assertThat(history(revoked))
                .containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "ACTIVE", "ACTIVE/CANCEL", "REVOKED");
    }

    @Test
    void cancellingARequestedOrderIsConfirmedByPush() {
        String id = orders.submitDv("cancel-requested.sectigo.example");
        String orderNumber = awaitRequested(id);

        orders.cancel(id, "ordered by mistake");
        await().atMost(PATIENCE).until(() -> SECTIGO.order(orderNumber).state == SectigoStub.State.REJECTED);
        assertThat(SECTIGO.push(orderNumber, 7)).isEqualTo(200);

        JsonNode revoked = orders.awaitStatus(id, "REVOKED");
        assertThat(history(revoked))
                .containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "REQUESTED/CANCEL", "REVOKED");
    }

    @Test
    void aForgedIssuedPushChangesNothing() {
        String id = orders.submitDv("forged.sectigo.example");
        String orderNumber = awaitRequested(id);

        assertThat(SECTIGO.push(orderNumber, 6))
                .as("credentials and address are right")
                .isEqualTo(200);

        await().atMost(PATIENCE).until(() -> collects(orderNumber) == 1 && busyJobs(id) == 0);
        JsonNode order = orders.get(id);
        assertThat(order.get("status").asText()).isEqualTo("REQUESTED");
        assertThat(order.get("certificate").isNull()).isTrue();
        assertThat(history(order)).containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED");
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 14})
    void informationalPushIsRecordedWithoutChangingTheStatus(int statusCode) {
        String id = orders.submitDv("news-" + statusCode + ".sectigo.example");
        String orderNumber = awaitRequested(id);

        assertThat(SECTIGO.push(orderNumber, statusCode)).isEqualTo(200);

        JsonNode order = await().atMost(PATIENCE)
                .until(() -> orders.get(id), o -> o.get("history").size() == 4);
        assertThat(history(order)).containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "REQUESTED");
        assertThat(lastReason(order)).contains(statusCode == 12 ? "Awaiting Brand Validation" : "Replaced");
        assertThat(order.get("statusLabel").asText()).isEqualTo("Aangevraagd");
        assertThat(collects(orderNumber)).as("news, not a change to verify").isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 5})
    void failedPushEndsRejectedWithWhatCollectSays(int statusCode) {
        String id = orders.submitDv("failed-" + statusCode + ".sectigo.example");
        String orderNumber = awaitRequested(id);

        SECTIGO.reject(orderNumber, "domain control validation failed");
        assertThat(SECTIGO.push(orderNumber, statusCode)).isEqualTo(200);

        JsonNode rejected = orders.awaitStatus(id, "REJECTED");
        assertThat(rejected.get("statusLabel").asText()).isEqualTo("Afgekeurd");
        assertThat(history(rejected)).containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "REJECTED");
        assertThat(lastReason(rejected)).contains("domain control validation failed");
    }

    @Test
    void permanentRefusalOnSubmitEndsRejectedWithSectigosMessage() {
        Reply refusal = Reply.ok(
                "errorCode", "-7", "errorMessage", "'XX' is not a valid ISO-3166 country!", "errorItem", "countryName");
        // only this order is refused: a late retry of an earlier test's order may reach the stub meanwhile
        Function<Map<String, String>, Reply> healthy = SECTIGO.apply;
        SECTIGO.apply =
                form -> SectigoStub.commonName(form).equals("refused.sectigo.example") ? refusal : healthy.apply(form);

        String id = orders.submitDv("refused.sectigo.example");

        JsonNode rejected = orders.awaitStatus(id, "REJECTED");
        assertThat(history(rejected)).containsExactly("OPEN", "OPEN/REQUEST", "REJECTED");
        assertThat(lastReason(rejected)).contains("-7").contains("'XX' is not a valid ISO-3166 country!");
        assertThat(rejected.get("ca").isNull()).isTrue();
    }

    static Stream<Arguments> transientFailures() {
        return Stream.of(
                Arguments.of(
                        Reply.error(-14, "An unknown error occurred!"),
                        "Sectigo AutoApplySSL failed: -14 An unknown error occurred!"),
                Arguments.of(new Reply(500, "Internal Server Error"), "Sectigo AutoApplySSL failed: HTTP 500"),
                Arguments.of(
                        Reply.error(-16, "Incorrect login details for " + SectigoStub.PASSWORD),
                        "check certflow.ca.sectigo.login-name and login-password"));
    }

    @ParameterizedTest
    @MethodSource("transientFailures")
    void transientFailureIsRetriedThenAnIncidentNamingSectigosErrorThenRetriedByTheOperator(
            Reply failure, String expected) {
        // More failures than needed: the job executor may run the job once more alongside the test.
        SECTIGO.failNext(SectigoStub.APPLY, 10, failure);
        String id = orders.submitDv(
                "transient-" + failure.status() + "-" + Math.abs(failure.body().hashCode()) + ".sectigo.example");

        Incident incident = exhaustRetries(id);

        assertThat(incident.getIncidentMessage()).contains(expected).doesNotContain(SectigoStub.PASSWORD);
        assertThat(management.getJobExceptionStacktrace(incident.getConfiguration()))
                .doesNotContain(SectigoStub.PASSWORD);
        JsonNode order = orders.get(id);
        assertThat(order.get("status").asText()).isEqualTo("OPEN");
        assertThat(order.get("pendingTransition").asText()).isEqualTo("REQUEST");

        SECTIGO.recover();
        retryNow(incident.getConfiguration());
        awaitRequested(id);
    }

    @Test
    void timeoutIsRetriedThenAnIncidentAndTheRetryFindsTheSameOrder() {
        SECTIGO.delayMillis = 3_000;
        String id = orders.submitDv("slow.sectigo.example");

        Incident incident = exhaustRetries(id);
        SECTIGO.delayMillis = 0;

        assertThat(incident.getIncidentMessage()).startsWith("Sectigo AutoApplySSL failed: timed out");
        retryNow(incident.getConfiguration());
        String orderNumber = awaitRequested(id);
        assertThat(SECTIGO.orderFor(id).orElseThrow().orderNumber)
                .as("the slow call placed it; the retry found it")
                .isEqualTo(orderNumber);
    }

    @Test
    void transientFailureOfCollectAfterAPushIsRetried() {
        String id = orders.submitDv("collect-500.sectigo.example");
        String orderNumber = awaitRequested(id);
        SECTIGO.issue(orderNumber);
        SECTIGO.failNext(SectigoStub.COLLECT, 1, new Reply(503, "Service Unavailable"));

        assertThat(SECTIGO.push(orderNumber, 6)).isEqualTo(200);

        Job failed = await().atMost(PATIENCE).until(() -> failedJob(id), job -> job != null);
        assertThat(failed.getExceptionMessage()).startsWith("Sectigo CollectSSL failed: HTTP 503");
        management.setJobDuedate(failed.getId(), ClockUtil.getCurrentTime());
        orders.awaitStatus(id, "ACTIVE");
    }

    @Test
    void wrongWebhookCredentialsAre401AndStoreNothing() {
        String id = orders.submitDv("wrong-credentials.sectigo.example");
        String orderNumber = awaitRequested(id);
        SECTIGO.issue(orderNumber);

        int status = SECTIGO.push(new Webhook(webhookUrl(), PUSH_USER, "guessed", SECTIGO_ADDRESS), orderNumber, 6);

        assertThat(status).isEqualTo(401);
        assertThat(pushesFor(orderNumber)).isZero();
    }

    @Test
    void pushFromADisallowedSourceIs403() {
        String id = orders.submitDv("disallowed.sectigo.example");
        String orderNumber = awaitRequested(id);

        int direct = SECTIGO.push(new Webhook(webhookUrl(), PUSH_USER, PUSH_PASSWORD, null), orderNumber, 6);
        int forgedLeftEntry = SECTIGO.push(
                new Webhook(webhookUrl(), PUSH_USER, PUSH_PASSWORD, SECTIGO_ADDRESS + ", 198.51.100.23"),
                orderNumber,
                6);

        assertThat(direct).as("the proxy itself is not Sectigo").isEqualTo(403);
        assertThat(forgedLeftEntry).as("the proxy saw 198.51.100.23").isEqualTo(403);
        assertThat(pushesFor(orderNumber)).isZero();
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() {
        String id = orders.submitDv("spoofed.sectigo.example");
        String orderNumber = awaitRequested(id);

        int status = pushFromUntrustedPeer("orderNumber=" + orderNumber + "&statusCode=6", SECTIGO_ADDRESS);

        assertThat(status).isEqualTo(403);
        assertThat(pushesFor(orderNumber)).isZero();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Issue 12: a reissue asks Sectigo to validate the order's domains the order's way (AutoReplaceSSL with the
     * order's dcvMethod and the uniqueValue AutoApplySSL carried), not by the configured certflow.ca.sectigo.dcv-method.
     */
    @Test
    void aReissueIsValidatedByTheOrdersOwnDcvMethod() {
        ObjectNode body = TestOrders.dv("reissue-http.sectigo.example");
        body.putObject("dcv").put("method", "HTTP_CSR_HASH");
        String id = orders.submit(body);
        String orderNumber = awaitRequested(id);
        Map<String, String> applied = SECTIGO.requestsTo(SectigoStub.APPLY).stream()
                .filter(r -> id.equals(r.form().get("foreignOrderNumber")))
                .findFirst()
                .orElseThrow()
                .form();
        assertThat(applied).containsEntry("dcvMethod", "HTTP_CSR_HASH").containsKey("uniqueValue");
        SECTIGO.issue(orderNumber);
        assertThat(SECTIGO.push(orderNumber, 6)).isEqualTo(200);
        orders.awaitStatus(id, "ACTIVE");

        Response reissue = new ApiClient(port)
                .post("alice", "alice-secret", "/api/orders/" + id + "/reissue", "{\"reason\":\"routine\"}");
        assertThat(reissue.status()).as(reissue.body()).isEqualTo(202);
        Map<String, String> replaced = await().atMost(PATIENCE)
                .until(
                        () -> SECTIGO.requestsTo(SectigoStub.REPLACE).stream()
                                .filter(r -> orderNumber.equals(r.form().get("orderNumber")))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow()
                .form();

        assertThat(replaced)
                .containsEntry("dcvMethod", "HTTP_CSR_HASH")
                .containsEntry("uniqueValue", applied.get("uniqueValue"))
                .doesNotContainKey("dcvEmailAddress");

        SECTIGO.issue(orderNumber);
        assertThat(SECTIGO.push(orderNumber, 6)).isEqualTo(200);
        await().atMost(PATIENCE)
                .until(
                        () -> orders.get(id),
                        o -> "ACTIVE".equals(o.get("status").asText())
                                && o.get("pendingTransition").isNull()
                                && o.get("certificates").size() == 2);
    }

    /**
     * Issue 13: a reissue through AutoReplaceSSL. Sectigo's pushes about the certificate being replaced (statusCode 14
     * "replaced", or a stale "issued" for it) before the new one leave the reissue pending; the new certificate ends
     * it, and the replaced one is revoked by its certificateID (the customer's reissue: superseded, codeReason 4). A
     * later reissue after a key compromise revokes the certificate it replaces with codeReason 1.
     */
    @Test
    void reissueThroughAutoReplaceSslWithPushesForTheReplacedCertificate() {
        String id = orders.submitDv("reissue.sectigo.example");
        String orderNumber = awaitRequested(id);
        SECTIGO.issue(orderNumber);
        String firstCertificateId = SECTIGO.order(orderNumber).certificateId;
        assertThat(SECTIGO.push(orderNumber, 6)).isEqualTo(200);
        String firstSerial = orders.awaitStatus(id, "ACTIVE")
                .get("certificate")
                .get("serialNumber")
                .asText();

        Response reissue = new ApiClient(port)
                .post("alice", "alice-secret", "/api/orders/" + id + "/reissue", "{\"reason\":\"routine\"}");
        assertThat(reissue.status()).as(reissue.body()).isEqualTo(202);
        await().atMost(PATIENCE)
                .until(() -> SECTIGO.requestsTo(SectigoStub.REPLACE).stream()
                        .anyMatch(r -> orderNumber.equals(r.form().get("orderNumber"))));
        assertThat(SECTIGO.order(orderNumber).certificateId).isNotEqualTo(firstCertificateId);

        long collectsBefore = collects(orderNumber);
        assertThat(SECTIGO.push(orderNumber, 14)).isEqualTo(200);
        // A late "issued" push (statusCode 9) for the old certificate carries the old certificateID; the same
        // statusCode 6 as its issue would be a duplicate, answered 200 and dropped.
        String newCertificateId = SECTIGO.order(orderNumber).certificateId;
        SECTIGO.order(orderNumber).certificateId = firstCertificateId;
        assertThat(SECTIGO.push(orderNumber, 9))
                .as("a stale push for the old certificate")
                .isEqualTo(200);
        SECTIGO.order(orderNumber).certificateId = newCertificateId;
        await().atMost(PATIENCE).until(() -> collects(orderNumber) > collectsBefore && busyJobs(id) == 0);
        JsonNode pending = orders.get(id);
        assertThat(pending.get("pendingTransition").asText()).isEqualTo("REISSUE");
        assertThat(pending.get("certificate").get("serialNumber").asText()).isEqualTo(firstSerial);
        assertThat(history(pending)).endsWith("ACTIVE/REISSUE", "ACTIVE/REISSUE");
        assertThat(lastReason(pending)).contains("Replaced");

        SECTIGO.issue(orderNumber);
        assertThat(SECTIGO.push(orderNumber, 6)).isEqualTo(200);
        JsonNode reissued = await().atMost(PATIENCE)
                .until(
                        () -> orders.get(id),
                        order -> order.get("certificates").size() == 2
                                && order.get("pendingTransition").isNull()
                                && "REVOKED"
                                        .equals(order.get("certificates")
                                                .get(0)
                                                .get("state")
                                                .asText()));
        assertThat(reissued.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(reissued.get("certificate").get("serialNumber").asText()).isNotEqualTo(firstSerial);
        String secondCertificateId = SECTIGO.order(orderNumber).certificateId;
        assertThat(reissued.get("certificates").get(1).get("certificateId").asText())
                .isEqualTo(secondCertificateId);
        assertThat(SECTIGO.revokedCertificates).contains(firstCertificateId);
        assertThat(SECTIGO.requestsTo(SectigoStub.REVOKE).stream()
                        .filter(r -> firstCertificateId.equals(r.form().get("certificateID")))
                        .findFirst()
                        .orElseThrow()
                        .form())
                .as("the customer's routine reissue: superseded")
                .containsEntry("codeReason", "4");

        // Sectigo's "replaced" push for the old certificate after the new one: a history note, nothing else.
        assertThat(SECTIGO.push(orderNumber, 14)).isEqualTo(200);

        ObjectNode compromised = new ObjectMapper()
                .createObjectNode()
                .put("csr", TestCsrs.ec("reissue.sectigo.example"))
                .put("reason", "key leaked")
                .put("keyCompromised", true);
        Response again = new ApiClient(port)
                .post("alice", "alice-secret", "/api/orders/" + id + "/reissue", compromised.toString());
        assertThat(again.status()).as(again.body()).isEqualTo(202);
        await().atMost(PATIENCE)
                .until(() -> SECTIGO.requestsTo(SectigoStub.REPLACE).stream()
                                .filter(r -> orderNumber.equals(r.form().get("orderNumber")))
                                .count()
                        == 2);
        SECTIGO.issue(orderNumber);
        assertThat(SECTIGO.push(orderNumber, 6)).isEqualTo(200);
        JsonNode third = await().atMost(PATIENCE)
                .until(
                        () -> orders.get(id),
                        order -> order.get("certificates").size() == 3
                                && "REVOKED"
                                        .equals(order.get("certificates")
                                                .get(0)
                                                .get("state")
                                                .asText())
                                && "REVOKED"
                                        .equals(order.get("certificates")
                                                .get(1)
                                                .get("state")
                                                .asText()));
        assertThat(third.get("certificates").get(2).get("state").asText()).isEqualTo("CURRENT");
        assertThat(SECTIGO.requestsTo(SectigoStub.REVOKE).stream()
                        .filter(r -> secondCertificateId.equals(r.form().get("certificateID")))
                        .findFirst()
                        .orElseThrow()
                        .form())
                .as("revoked after the key compromise")
                .containsEntry("codeReason", "1");
        assertThat(SECTIGO.requestsTo(SectigoStub.REVOKE).stream()
                        .filter(r -> firstCertificateId.equals(r.form().get("certificateID")))
                        .count())
                .as("the first certificate was revoked once, by the routine reissue")
                .isEqualTo(1);
    }

    private String awaitRequested(String id) {
        JsonNode requested = orders.awaitStatus(id, "REQUESTED");
        return requested.get("ca").get("orderNumber").asText();
    }

    /** Waits for the job's first failure, then lets it fail its last retry now instead of after the back-off. */
    private Incident exhaustRetries(String id) {
        Job failed = await().atMost(PATIENCE).until(() -> failedJob(id), job -> job != null);
        assertThat(failed.getRetries()).as("retried with back-off").isPositive();
        management.setJobRetries(failed.getId(), 1);
        assertThat(catchThrowable(() -> management.executeJob(failed.getId()))).isNotNull();
        return await().atMost(PATIENCE)
                .until(
                        () -> runtime.createIncidentQuery()
                                .processInstanceId(processInstance(id))
                                .singleResult(),
                        incident -> incident != null);
    }

    /** What an operator's Retry in Cockpit does: one more attempt, now. */
    private void retryNow(String jobId) {
        // no due date means "now" with ensure-job-due-date-not-null, which certflow runs with
        management.setJobRetries(1).jobId(jobId).dueDate(null).execute();
    }

    private Job failedJob(String id) {
        return management
                .createJobQuery()
                .processInstanceId(processInstance(id))
                .withException()
                .singleResult();
    }

    private long busyJobs(String id) {
        return management
                .createJobQuery()
                .processInstanceId(processInstance(id))
                .messages()
                .count();
    }

    /** The instance that makes the order's CA calls now: its wait for the CA (AwaitCaOutcomeProcess) while it has one. */
    private String processInstance(String id) {
        String order = runtime.createProcessInstanceQuery()
                .processDefinitionKey(ProcessVariables.PROCESS_KEY)
                .processInstanceBusinessKey(id)
                .singleResult()
                .getId();
        return runtime.createProcessInstanceQuery().superProcessInstanceId(order).list().stream()
                .findFirst()
                .map(ProcessInstance::getId)
                .orElse(order);
    }

    private long collects(String orderNumber) {
        return SECTIGO.requestsTo(SectigoStub.COLLECT).stream()
                .filter(r -> orderNumber.equals(r.form().get("orderNumber")))
                .count();
    }

    private long pushesFor(String orderNumber) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM cf_ca_push WHERE ca_order_number = ?", Long.class, orderNumber);
    }

    /** A push from 127.0.0.2, which is loopback but not a trusted proxy, claiming to come from Sectigo. */
    private int pushFromUntrustedPeer(String form, String forwardedFor) {
        return LoopbackPeer.postForm(
                "127.0.0.2",
                port,
                "/webhooks/sectigo",
                PUSH_USER,
                PUSH_PASSWORD,
                form,
                Map.of("X-Forwarded-For", forwardedFor));
    }
}
