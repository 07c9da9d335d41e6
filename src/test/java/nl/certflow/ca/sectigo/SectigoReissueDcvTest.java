package nl.certflow.ca.sectigo;

import static nl.certflow.ca.sectigo.OrderDriver.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.TestCsrs;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A reissue with a new CSR: until the replacement is issued the order's CSR is still the old one, but Sectigo hashes
 * the new one (AutoReplaceSSL carried it), so the DCV instructions the order shows are those of the new CSR. The
 * expected record is computed here from the CSR's DER with the JDK's MessageDigest (Sectigo's CNAME: {@code
 * _<MD5>.<domain>.} pointing at {@code <SHA-256 in two halves>.<uniqueValue>.sectigo.com.}), not through certflow's
 * DcvTokens.
 */
class SectigoReissueDcvTest extends SharedSectigoApplication {

    private static final String DOMAIN = "rekey-dcv.sectigo.example";

    OrderDriver orders;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @BeforeEach
    void connect() {
        orders = new OrderDriver(port);
    }

    @Test
    void whileAReissueWithANewCsrIsPendingTheInstructionsAreThoseOfTheNewCsr() throws Exception {
        String id = orders.submitDv(DOMAIN);
        String orderNumber =
                orders.awaitStatus(id, "REQUESTED").get("ca").get("orderNumber").asText();
        Map<String, String> applied = SECTIGO.requestsTo(SectigoStub.APPLY).stream()
                .filter(r -> id.equals(r.form().get("foreignOrderNumber")))
                .findFirst()
                .orElseThrow()
                .form();
        String uniqueValue = applied.get("uniqueValue");
        String oldCsr = applied.get("csr");
        assertThat(instruction(orders.get(id)).get("name").asText())
                .as("before the reissue: the order's own CSR")
                .isEqualTo(cnameName(oldCsr));
        SECTIGO.issue(orderNumber);
        assertThat(SECTIGO.push(orderNumber, 6)).isEqualTo(200);
        orders.awaitStatus(id, "ACTIVE");

        String newCsr = TestCsrs.ec(DOMAIN);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("csr", newCsr).put("reason", "laptop stolen").put("keyCompromised", true);
        Response reissue =
                new ApiClient(port).post("alice", "alice-secret", "/api/orders/" + id + "/reissue", body.toString());
        assertThat(reissue.status()).as(reissue.body()).isEqualTo(202);
        String replacedCsr = await().atMost(PATIENCE)
                .until(
                        () -> SECTIGO.requestsTo(SectigoStub.REPLACE).stream()
                                .filter(r -> orderNumber.equals(r.form().get("orderNumber")))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow()
                .form()
                .get("csr");
        assertThat(der(replacedCsr)).as("AutoReplaceSSL carried the new CSR").isEqualTo(der(newCsr));

        assertThat(dcvStatuses(orders.get(id)))
                .as("no DCV status is lost by the reissue")
                .isNotEmpty();
        JsonNode pending = await().atMost(PATIENCE)
                .until(() -> orders.get(id), o -> dcvStatuses(o).contains("PENDING"));
        assertThat(pending.get("pendingTransition").asText()).isEqualTo("REISSUE");
        assertThat(dcvStatuses(pending))
                .as("the new key must be validated again")
                .containsOnly("PENDING");
        assertThat(der(pending.get("csr").asText()))
                .as("the order's CSR until the replacement")
                .isEqualTo(der(oldCsr));
        JsonNode instruction = instruction(pending);
        assertThat(instruction.get("type").asText()).isEqualTo("CNAME");
        assertThat(instruction.get("name").asText())
                .as("the record Sectigo looks for now: the new CSR's")
                .isEqualTo(cnameName(newCsr))
                .isNotEqualTo(cnameName(oldCsr));
        assertThat(instruction.get("value").asText()).isEqualTo(cnameValue(newCsr, uniqueValue));

        SECTIGO.issue(orderNumber);
        assertThat(SECTIGO.push(orderNumber, 6)).isEqualTo(200);
        JsonNode reissued = await().atMost(PATIENCE)
                .until(
                        () -> orders.get(id),
                        o -> o.get("pendingTransition").isNull()
                                && o.get("certificates").size() == 2);
        assertThat(der(reissued.get("csr").asText())).isEqualTo(der(newCsr));
        assertThat(dcvStatuses(reissued))
                .as("the CA issued for the new key: validated again")
                .containsOnly("VALIDATED");
        assertThat(instruction(reissued).get("name").asText())
                .as("the new CSR is the order's now")
                .isEqualTo(cnameName(newCsr));
    }

    @Test
    void aReissueFromTheSameCsrKeepsTheDcvStatuses() {
        String id = orders.submitDv("same-key-dcv.sectigo.example");
        String orderNumber =
                orders.awaitStatus(id, "REQUESTED").get("ca").get("orderNumber").asText();
        SECTIGO.issue(orderNumber);
        assertThat(SECTIGO.push(orderNumber, 6)).isEqualTo(200);
        JsonNode active = orders.awaitStatus(id, "ACTIVE");
        assertThat(dcvStatuses(active)).containsOnly("VALIDATED");

        Response reissue = new ApiClient(port)
                .post("alice", "alice-secret", "/api/orders/" + id + "/reissue", "{\"reason\":\"routine\"}");
        assertThat(reissue.status()).as(reissue.body()).isEqualTo(202);
        await().atMost(PATIENCE)
                .until(() -> SECTIGO.requestsTo(SectigoStub.REPLACE).stream()
                        .anyMatch(r -> orderNumber.equals(r.form().get("orderNumber"))));
        // the step that sent AutoReplaceSSL has committed (its job is gone): whatever it recorded is visible now
        assertThat(runtime.createProcessInstanceQuery()
                        .processInstanceBusinessKey(id)
                        .count())
                .isPositive();
        await().atMost(PATIENCE)
                .until(() -> runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).list().stream()
                        .allMatch(instance -> management
                                        .createJobQuery()
                                        .processInstanceId(instance.getId())
                                        .activityId("Task_SubmitReissueToCa")
                                        .count()
                                == 0));
        JsonNode pending = orders.get(id);
        assertThat(pending.get("pendingTransition").asText()).isEqualTo("REISSUE");
        assertThat(dcvStatuses(pending)).containsOnly("VALIDATED");

        SECTIGO.issue(orderNumber);
        assertThat(SECTIGO.push(orderNumber, 6)).isEqualTo(200);
        JsonNode reissued = await().atMost(PATIENCE)
                .until(
                        () -> orders.get(id),
                        o -> o.get("pendingTransition").isNull()
                                && o.get("certificates").size() == 2);
        assertThat(dcvStatuses(reissued)).containsOnly("VALIDATED");
        assertThat(reissued.get("history").findValuesAsText("reason"))
                .noneMatch(reason -> reason.startsWith("DCV: the new key"));
    }

    private static List<String> dcvStatuses(JsonNode order) {
        return order.get("dcv").get("domains").findValuesAsText("status");
    }

    private static JsonNode instruction(JsonNode order) {
        for (JsonNode entry : order.get("dcv").get("domains")) {
            if (DOMAIN.equals(entry.get("domain").asText())) {
                return entry.get("instructions");
            }
        }
        throw new AssertionError("no DCV entry for " + DOMAIN + " in " + order.get("dcv"));
    }

    private static String cnameName(String csrPem) throws Exception {
        return "_" + hex("MD5", der(csrPem)) + "." + DOMAIN + ".";
    }

    private static String cnameValue(String csrPem, String uniqueValue) throws Exception {
        String sha256 = hex("SHA-256", der(csrPem));
        return sha256.substring(0, 32) + "." + sha256.substring(32) + "." + uniqueValue + ".sectigo.com.";
    }

    /** The DER bytes inside the PEM armour. */
    private static byte[] der(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of()
                .withUpperCase()
                .formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }
}
