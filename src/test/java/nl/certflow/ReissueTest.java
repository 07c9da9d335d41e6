package nl.certflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.certflow.ApiClient.Response;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
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
 * Issue 13, reissue, end to end over HTTP (contract, "Reissue"): the simulated CA issues the replacement, certflow
 * revokes the replaced certificate, the order keeps every certificate in {@code certificates} and its expiry timer
 * follows the new one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ReissueTest {

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

    @Test
    void reissueAfterAKeyCompromiseThenARoutineReissue() throws Exception {
        String name = "www.reissue.example.com";
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv(name).toString())
                .id();
        String firstCsr = get(id).get("csr").asText();
        assertThat(reissue(id, body(null, "too early", null)).status())
                .as("not Actief yet: the process refuses")
                .isEqualTo(409);
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        JsonNode active = awaitSettled(id, "ACTIVE");
        String firstSerial = active.get("certificate").get("serialNumber").asText();
        assertThat(active.get("certificates")).hasSize(1);
        assertThat(active.get("certificates").get(0).get("state").asText()).isEqualTo("CURRENT");

        Response noCsr = reissue(id, body(null, "laptop stolen", true));
        assertThat(noCsr.status()).isEqualTo(400);
        assertThat(noCsr.contentType()).startsWith("application/problem+json");
        assertThat(noCsr.json().get("errors").get(0).get("field").asText()).isEqualTo("csr");
        assertThat(reissue(id, body(firstCsr, "laptop stolen", true)).body())
                .as("the compromised key again")
                .contains("same key");
        assertThat(reissue(id, body(TestCsrs.ec("other.example.com"), "moved", false))
                        .status())
                .isEqualTo(400);
        assertThat(reissue(id, body("not a csr", "moved", false)).status()).isEqualTo(400);

        String newCsr = TestCsrs.ec(name);
        Response accepted = reissue(id, body(newCsr, "laptop stolen", true));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(accepted.json().get("pendingTransition").asText()).isEqualTo("REISSUE");
        Response twice = reissue(id, body(null, "again", false));
        if (twice.status() == 409) {
            assertThat(twice.contentType()).startsWith("application/problem+json");
        }

        JsonNode reissued = await().atMost(PATIENCE)
                .until(
                        () -> get(id),
                        // the revocation's history line too: the API reads certificates and history in separate
                        // statements, so one answer may show the state before the line committed with it
                        order -> order.get("certificates").size() == 2
                                && replacementsNoted(order) == 1
                                && order.get("pendingTransition").isNull()
                                && "REVOKED"
                                        .equals(order.get("certificates")
                                                .get(0)
                                                .get("state")
                                                .asText()));
        assertThat(reissued.get("status").asText()).isEqualTo("ACTIVE");
        String secondSerial = reissued.get("certificate").get("serialNumber").asText();
        assertThat(secondSerial).isNotEqualTo(firstSerial);
        assertThat(reissued.get("certificates").get(0).get("serialNumber").asText())
                .isEqualTo(firstSerial);
        assertThat(reissued.get("certificates").get(1).get("serialNumber").asText())
                .isEqualTo(secondSerial);
        assertThat(reissued.get("certificates").get(1).get("state").asText()).isEqualTo("CURRENT");
        assertThat(reissued.get("csr").asText().strip()).isEqualTo(newCsr.strip());
        X509Certificate certificate =
                parse(reissued.get("certificate").get("pem").asText());
        assertThat(certificate.getPublicKey().getEncoded())
                .as("the replacement certifies the new key")
                .isEqualTo(publicKey(newCsr));
        assertThat(reasons(reissued))
                .anyMatch(reason -> reason.startsWith("Reissue requested by alice (key compromised), new CSR"))
                .anyMatch(reason -> reason.startsWith("Reissued: Certificate issued by the CA, serial " + secondSerial))
                .anyMatch(reason -> reason.equals(
                        "Replaced certificate, serial " + firstSerial + ", revoked at the CA (keyCompromise)"));
        assertThat(expiryTimer(id).getDuedate().toInstant())
                .as("the expiry timer follows the replacement")
                .isEqualTo(Instant.parse(
                        reissued.get("certificate").get("notAfter").asText()));

        // Sectigo's push for the replaced certificate (statusCode 14) after the new one: a history note, nothing else.
        String orderNumber = reissued.get("ca").get("orderNumber").asText();
        assertThat(api.form(
                                "sectigo",
                                "push-secret",
                                "/webhooks/sectigo",
                                "orderNumber=" + orderNumber + "&certificateID="
                                        + reissued.get("certificates")
                                                .get(0)
                                                .get("certificateId")
                                                .asText()
                                        + "&eventType=Certificate&status=Replaced&statusCode=14")
                        .status())
                .isEqualTo(200);
        JsonNode noted = await().atMost(PATIENCE)
                .until(
                        () -> get(id),
                        order -> order.get("history").size()
                                > reissued.get("history").size());
        assertThat(noted.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(noted.get("certificate").get("serialNumber").asText()).isEqualTo(secondSerial);

        // A routine reissue reuses the current CSR; no key compromise: the replaced certificate stays valid until its
        // own end (the customer deploys the replacement meanwhile), it is not revoked.
        assertThat(reissue(id, body(null, "routine", null)).status()).isEqualTo(202);
        JsonNode third = await().atMost(PATIENCE)
                .until(
                        () -> get(id),
                        order -> order.get("certificates").size() == 3
                                && replacementsNoted(order) == 2
                                && order.get("pendingTransition").isNull());
        assertThat(third.get("csr").asText().strip()).isEqualTo(newCsr.strip());
        assertThat(third.get("certificates").get(0).get("state").asText()).isEqualTo("REVOKED");
        assertThat(third.get("certificates").get(1).get("state").asText()).isEqualTo("REPLACED");
        assertThat(reasons(third))
                .contains("Replaced certificate, serial " + secondSerial + ", stays valid until "
                        + reissued.get("certificate").get("notAfter").asText() + " (no key compromise: not revoked)")
                .noneMatch(reason -> reason.contains("revoked at the CA (superseded)"));

        // A cancel leaves no valid certificate of the order: the replaced one still valid is revoked with it.
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"server gone\"}")
                        .status())
                .isEqualTo(202);
        JsonNode cancelled = awaitSettled(id, "REVOKED");
        assertThat(cancelled.get("certificates").findValuesAsText("state"))
                .containsExactly("REVOKED", "REVOKED", "REVOKED");
        assertThat(reasons(cancelled))
                .contains("Replaced certificate, serial " + secondSerial
                        + ", revoked at the CA (superseded, order cancelled)");
    }

    private Response reissue(String id, String body) {
        return api.post("alice", "alice-secret", "/api/orders/" + id + "/reissue", body);
    }

    private static String body(String csr, String reason, Boolean keyCompromised) {
        ObjectNode body = JSON.createObjectNode();
        if (csr != null) {
            body.put("csr", csr);
        }
        body.put("reason", reason);
        if (keyCompromised != null) {
            body.put("keyCompromised", keyCompromised);
        }
        return body.toString();
    }

    private JsonNode get(String id) {
        return api.get("alice", "alice-secret", "/api/orders/" + id).json();
    }

    private JsonNode awaitSettled(String id, String status) {
        return await().atMost(PATIENCE)
                .until(
                        () -> get(id),
                        order -> status.equals(order.get("status").asText())
                                && order.get("pendingTransition").isNull());
    }

    private Job expiryTimer(String id) {
        String instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(id)
                .processDefinitionKey("CertificateOrderProcess")
                .singleResult()
                .getId();
        return management
                .createJobQuery()
                .processInstanceId(instance)
                .activityId("Event_CertificateExpired")
                .singleResult();
    }

    private static long replacementsNoted(JsonNode order) {
        return reasons(order).stream()
                .filter(reason -> reason.startsWith("Replaced certificate, serial "))
                .count();
    }

    private static List<String> reasons(JsonNode order) {
        List<String> reasons = new ArrayList<>();
        order.get("history").forEach(entry -> reasons.add(entry.get("reason").asText()));
        return reasons;
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] publicKey(String csrPem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            return ((PKCS10CertificationRequest) parser.readObject())
                    .getSubjectPublicKeyInfo()
                    .getEncoded();
        }
    }
}
