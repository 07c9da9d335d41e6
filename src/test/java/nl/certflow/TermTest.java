package nl.certflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import nl.certflow.ApiClient.Response;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Issue 13, a term, end to end over HTTP (contract, "Term and renewal"): an order placed with {@code termMonths}
 * shows its term and schedule, gets the SC-081 maximum of its issue date, and is reissued automatically by the timer
 * "Reissue due" through the simulated CA, twice. The timer's job is run when it is due in months, as the job
 * executor would then; nothing sleeps or waits for real months.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TermTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

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

    @Test
    void badTermsAreProblemsAndStoreNothing() {
        for (String bad : List.of("0", "61", "-12", "\"twelve\"", "1.5")) {
            ObjectNode body = TestOrders.dv("www.badterm.example.com");
            body.remove("validityDays");
            Response answer = api.post(
                    "alice",
                    "alice-secret",
                    "/api/orders",
                    body.toString().replace("}", ",\"termMonths\":" + bad + "}"));
            assertThat(answer.status()).as("termMonths " + bad).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body()).as("termMonths " + bad).contains("termMonths");
        }
        assertThat(api.get("alice", "alice-secret", "/api/orders?size=100").body())
                .doesNotContain("www.badterm.example.com");
    }

    @Test
    void aTermOrderIsReissuedAutomaticallyTwice() {
        ObjectNode body = TestOrders.dv("www.term.example.com");
        body.remove("validityDays");
        body.put("termMonths", 12);
        Response created = api.post("alice", "alice-secret", "/api/orders", body.toString());
        assertThat(created.status()).isEqualTo(201);
        JsonNode open = created.json();
        assertThat(open.get("term").get("months").asInt()).isEqualTo(12);
        assertThat(open.get("term").get("startsAt").isNull())
                .as("the term starts with its first certificate")
                .isTrue();
        assertThat(open.get("validityDays").isNull()).isTrue();
        assertThat(open.get("schedule").size()).as("planned as if issued now").isGreaterThan(1);

        api.post("alice", "alice-secret", "/api/orders/" + open.get("id").asText() + "/submit", null);
        String id = open.get("id").asText();
        JsonNode active = awaitSettled(id, 1);
        JsonNode certificate = active.get("certificate");
        Instant notBefore = Instant.parse(certificate.get("notBefore").asText());
        Instant notAfter = Instant.parse(certificate.get("notAfter").asText());
        assertThat(Duration.between(notBefore, notAfter).toDays())
                .as("the SC-081 maximum of the issue day")
                .isEqualTo(sc081(notBefore));
        assertThat(Instant.parse(active.get("term").get("startsAt").asText())).isEqualTo(notBefore);
        Instant termEnd = notBefore.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant();
        assertThat(Instant.parse(active.get("term").get("endsAt").asText())).isEqualTo(termEnd);
        JsonNode schedule = active.get("schedule");
        assertThat(Instant.parse(schedule.get(0).get("validUntil").asText())).isEqualTo(notAfter);
        Instant reissueAt = Instant.parse(schedule.get(0).get("reissueAt").asText());
        assertThat(Duration.between(notBefore, reissueAt))
                .as("two thirds of the lifetime")
                .isEqualTo(Duration.between(notBefore, notAfter).multipliedBy(2).dividedBy(3));
        for (JsonNode entry : schedule) {
            Instant from = Instant.parse(entry.get("validFrom").asText());
            Instant until = Instant.parse(entry.get("validUntil").asText());
            assertThat(Duration.between(from, until).toDays())
                    .as("each planned certificate: the SC-081 maximum of its issue date, never past the term")
                    .isEqualTo(Math.min(
                            sc081(from), Duration.between(from, termEnd).toDays()));
            assertThat(until).isBeforeOrEqualTo(termEnd);
        }
        assertThat(schedule.get(schedule.size() - 1).get("reissueAt").isNull()).isTrue();
        assertThat(reissueTimer(id).getDuedate().toInstant()).isEqualTo(reissueAt);

        management.executeJob(reissueTimer(id).getId());
        JsonNode second = awaitSettled(id, 2);
        assertThat(reasons(second))
                .anyMatch(reason -> reason.startsWith(
                        "Automatic reissue: two thirds of the certificate's validity have passed (term until "))
                .anyMatch(reason -> reason.startsWith("Reissued: Certificate issued by the CA"))
                .contains("Replaced certificate, serial "
                        + certificate.get("serialNumber").asText() + ", stays valid until " + notAfter
                        + " (automatic reissue: not revoked)")
                .noneMatch(reason -> reason.contains("revoked at the CA"));
        assertThat(second.get("certificates").get(0).get("state").asText())
                .as("an automatic reissue leaves the deployed certificate valid until its own end (overlap)")
                .isEqualTo("REPLACED");
        assertThat(second.get("certificates").get(0).get("notAfter").asText()).isEqualTo(notAfter.toString());
        assertThat(second.get("csr").asText())
                .as("the same CSR")
                .isEqualTo(open.get("csr").asText());

        management.executeJob(reissueTimer(id).getId());
        JsonNode third = awaitSettled(id, 3);
        assertThat(third.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(third.get("term").get("startsAt").asText())
                .as("the term keeps its start")
                .isEqualTo(active.get("term").get("startsAt").asText());
        Instant thirdNotAfter =
                Instant.parse(third.get("certificate").get("notAfter").asText());
        assertThat(expiryTimer(id).getDuedate().toInstant()).isEqualTo(thirdNotAfter);
        assertThat(Instant.parse(third.get("schedule").get(0).get("validUntil").asText()))
                .isEqualTo(thirdNotAfter);
        assertThat(third.get("certificates").findValuesAsText("state"))
                .as("both replaced certificates still valid until their own end")
                .containsExactly("REPLACED", "REPLACED", "CURRENT");

        // A cancel leaves no valid certificate of the order: the replaced ones the automatic reissues left valid are
        // revoked with it.
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"term over\"}")
                        .status())
                .isEqualTo(202);
        JsonNode cancelled = await().atMost(PATIENCE)
                .until(
                        () -> api.get("alice", "alice-secret", "/api/orders/" + id)
                                .json(),
                        order -> "REVOKED".equals(order.get("status").asText())
                                && order.get("pendingTransition").isNull());
        assertThat(cancelled.get("certificates").findValuesAsText("state"))
                .containsExactly("REVOKED", "REVOKED", "REVOKED");
        for (int i = 0; i < 2; i++) {
            assertThat(reasons(cancelled))
                    .contains("Replaced certificate, serial "
                            + third.get("certificates")
                                    .get(i)
                                    .get("serialNumber")
                                    .asText()
                            + ", revoked at the CA (superseded, order cancelled)");
        }
    }

    /** CA/B Forum ballot SC-081: 200 days from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15 (398 before). */
    private static long sc081(Instant issued) {
        LocalDate day = LocalDate.ofInstant(issued, ZoneOffset.UTC);
        if (day.isBefore(LocalDate.parse("2026-03-15"))) {
            return 398;
        }
        if (day.isBefore(LocalDate.parse("2027-03-15"))) {
            return 200;
        }
        return day.isBefore(LocalDate.parse("2029-03-15")) ? 100 : 47;
    }

    /** Actief, no pending arrow, with that many certificates and a history line for every replaced one. */
    private JsonNode awaitSettled(String id, int certificates) {
        return await().atMost(PATIENCE)
                .until(
                        () -> api.get("alice", "alice-secret", "/api/orders/" + id)
                                .json(),
                        order -> "ACTIVE".equals(order.get("status").asText())
                                && order.get("pendingTransition").isNull()
                                && order.get("certificates").size() == certificates
                                && reasons(order).stream()
                                                .filter(reason -> reason.startsWith("Replaced certificate, serial "))
                                                .count()
                                        == certificates - 1);
    }

    private Job reissueTimer(String id) {
        return job(id, "Event_ReissueDue");
    }

    private Job expiryTimer(String id) {
        return job(id, "Event_CertificateExpired");
    }

    private Job job(String id, String activityId) {
        String instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(id)
                .processDefinitionKey("CertificateOrderProcess")
                .singleResult()
                .getId();
        return management
                .createJobQuery()
                .processInstanceId(instance)
                .activityId(activityId)
                .singleResult();
    }

    private static List<String> reasons(JsonNode order) {
        List<String> reasons = new ArrayList<>();
        order.get("history").forEach(entry -> reasons.add(entry.get("reason").asText()));
        return reasons;
    }
}
