package nl.certflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import nl.certflow.ApiClient.Response;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The order lifecycle end to end (README, "Walk an order through every status"), as a user sees it: real HTTP, the
 * job executor on, the simulated CA signing real certificates and pushing to the webhook over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class OrderLifecycleTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void dvOrderIsIssuedThenCancelledAndEndsRevoked() throws Exception {
        Response created = create(TestOrders.dv("www.example.com"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("status").asText()).isEqualTo("OPEN");
        assertThat(created.json().get("statusLabel").asText()).isEqualTo("Open");
        String id = created.id();

        Response submitted = api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        assertThat(submitted.status()).isEqualTo(202);
        assertThat(submitted.json().get("pendingTransition").asText()).isEqualTo("REQUEST");

        JsonNode active = awaitStatus(id, "ACTIVE", null);
        assertThat(active.get("statusLabel").asText()).isEqualTo("Actief");
        assertThat(active.get("requestedAt").isNull()).isFalse();
        assertThat(active.get("ca").get("orderNumber").asText()).isNotBlank();
        X509Certificate certificate = parse(active.get("certificate").get("pem").asText());
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=www.example.com");
        assertThat(certificate.getSerialNumber().toString(16).toUpperCase())
                .isEqualTo(active.get("certificate").get("serialNumber").asText());
        assertThat(Duration.between(
                        certificate.getNotBefore().toInstant(),
                        certificate.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(90));

        Response cancelled =
                api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"key lost\"}");
        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(cancelled.json().get("pendingTransition").asText()).isEqualTo("CANCEL");

        JsonNode revoked = awaitStatus(id, "REVOKED", null);
        assertThat(revoked.get("statusLabel").asText()).isEqualTo("Ingetrokken");
        assertThat(history(revoked))
                .containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "ACTIVE", "ACTIVE/CANCEL", "REVOKED");
        assertThat(revoked.get("history").get(4).get("reason").asText()).contains("key lost");
    }

    @Test
    void orderTheCaRejectsEndsRejected() {
        String id = create(TestOrders.dv("reject.example.com")).id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);

        JsonNode rejected = awaitStatus(id, "REJECTED", null);
        assertThat(rejected.get("statusLabel").asText()).isEqualTo("Afgekeurd");
        assertThat(history(rejected)).containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "REJECTED");
        assertThat(rejected.get("history").get(3).get("reason").asText()).contains("rejected");
        assertThat(rejected.get("certificate").isNull()).isTrue();
    }

    @Test
    void cancellingARequestedOrderWaitsForTheCaAndEndsRevoked() {
        String id = create(TestOrders.dv("hold.example.com")).id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        awaitStatus(id, "REQUESTED", null);

        Response cancelled = api.post(
                "alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"ordered by mistake\"}");
        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("REQUESTED");
        assertThat(cancelled.json().get("pendingTransition").asText()).isEqualTo("CANCEL");
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{}")
                        .status())
                .as("a second cancel while one is pending")
                .isEqualTo(409);

        JsonNode revoked = awaitStatus(id, "REVOKED", null);
        assertThat(history(revoked))
                .containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "REQUESTED/CANCEL", "REVOKED");
    }

    @Test
    void cancellingAnOpenOrderWithdrawsItAtOnce() {
        String id = create(TestOrders.dv("open.example.com")).id();

        Response cancelled =
                api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"not needed\"}");

        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("REVOKED");
        assertThat(history(cancelled.json())).containsExactly("OPEN", "REVOKED");
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null)
                        .status())
                .isEqualTo(409);
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{}")
                        .status())
                .isEqualTo(409);
    }

    @Test
    void activeCertificateExpiresAtNotAfter() {
        ObjectNode order = TestOrders.dv("short.example.com");
        order.put("validityDays", 1);
        String id = create(order).id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        JsonNode active = awaitStatus(id, "ACTIVE", null);
        Instant notAfter =
                Instant.parse(active.get("certificate").get("notAfter").asText());

        try {
            ClockUtil.setCurrentTime(Date.from(notAfter.plusSeconds(60)));
            JsonNode expired = awaitStatus(id, "EXPIRED", null);
            assertThat(expired.get("statusLabel").asText()).isEqualTo("Vervallen");
            assertThat(history(expired)).containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "ACTIVE", "EXPIRED");
        } finally {
            ClockUtil.reset();
        }
    }

    @Test
    void failedPrevalidationKeepsTheOrderOpenUntilTheCompanyIsCorrected() {
        String id = create(TestOrders.ovDutch("shop.example.nl", "Donald Trading", "68750110"))
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);

        JsonNode failed = await().atMost(PATIENCE)
                .until(
                        () -> get(id),
                        order -> "FAILED"
                                .equals(order.get("prevalidation")
                                        .get("outcome")
                                        .asText()));
        assertThat(failed.get("status").asText()).isEqualTo("OPEN");
        assertThat(failed.get("pendingTransition").asText()).isEqualTo("REQUEST");
        assertThat(failed.get("prevalidation").get("reasons").get(0).asText()).contains("does not match");
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null)
                        .status())
                .as("submitting again without a change")
                .isEqualTo(409);

        Response fixed = api.patch(
                "alice",
                "alice-secret",
                "/api/orders/" + id,
                "{\"company\":" + TestOrders.company("Test B.V. Donald", "68750110") + "}");
        assertThat(fixed.status()).isEqualTo(200);

        JsonNode active = awaitStatus(id, "ACTIVE", null);
        assertThat(active.get("prevalidation").get("outcome").asText()).isEqualTo("PASSED");
        assertThat(history(active)).containsExactly("OPEN", "OPEN/REQUEST", "OPEN/REQUEST", "REQUESTED", "ACTIVE");
    }

    @Test
    void dvAndNonDutchOrdersSkipPrevalidation() {
        String id = create(TestOrders.ovDutch("shop.example.com", "Nobody", "00000000"))
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);

        JsonNode active = awaitStatus(id, "ACTIVE", null);
        assertThat(active.get("prevalidation").get("required").asBoolean()).isFalse();
        assertThat(active.get("prevalidation").get("outcome").isNull()).isTrue();
    }

    @Test
    void anotherCustomersOrderIsNotFound() {
        String id = create(TestOrders.dv("private.example.com")).id();

        Response foreign = api.get("bob", "bob-secret", "/api/orders/" + id);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(api.post("bob", "bob-secret", "/api/orders/" + id + "/cancel", "{}")
                        .status())
                .isEqualTo(404);
        assertThat(api.post("bob", "bob-secret", "/api/orders/" + id + "/submit", null)
                        .status())
                .isEqualTo(404);
        assertThat(api.patch("bob", "bob-secret", "/api/orders/" + id, "{}").status())
                .isEqualTo(404);
        JsonNode bobsList = api.get("bob", "bob-secret", "/api/orders?size=100").json();
        assertThat(bobsList.get("items").findValuesAsText("id")).doesNotContain(id);
        assertThat(get(id).get("status").asText()).as("unchanged").isEqualTo("OPEN");

        Response operatorView = api.get("ops", "ops-secret", "/api/orders/" + id);
        assertThat(operatorView.status()).isEqualTo(200);
    }

    @Test
    void listingShowsTheCallersOrdersNewestFirstAndFiltersByStatus() {
        String first = create(TestOrders.dv("list-a.example.com")).id();
        String second = create(TestOrders.dv("list-b.example.com")).id();

        JsonNode page = api.get("alice", "alice-secret", "/api/orders?status=OPEN&page=0&size=100")
                .json();

        List<String> ids = page.get("items").findValuesAsText("id");
        assertThat(ids).containsSubsequence(second, first);
        assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(page.get("size").asInt()).isEqualTo(100);
        page.get("items")
                .forEach(item -> assertThat(item.get("status").asText()).isEqualTo("OPEN"));
    }

    private Response create(ObjectNode order) {
        Response created = api.post("alice", "alice-secret", "/api/orders", order.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created;
    }

    private JsonNode get(String id) {
        return api.get("alice", "alice-secret", "/api/orders/" + id).json();
    }

    private JsonNode awaitStatus(String id, String status, String pending) {
        return await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> get(id),
                        order -> status.equals(order.get("status").asText())
                                && (pending == null
                                        ? order.get("pendingTransition").isNull()
                                        : pending.equals(
                                                order.get("pendingTransition").asText())));
    }

    static List<String> history(JsonNode order) {
        List<String> entries = new ArrayList<>();
        order.get("history")
                .forEach(entry -> entries.add(entry.get("status").asText()
                        + (entry.get("pendingTransition").isNull()
                                ? ""
                                : "/" + entry.get("pendingTransition").asText())));
        return entries;
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
    }
}
