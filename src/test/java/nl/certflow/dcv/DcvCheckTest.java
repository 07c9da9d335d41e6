package nl.certflow.dcv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.TestCsrs;
import nl.certflow.TestOrders;
import nl.certflow.order.DcvTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * "Check now" end to end: certflow looks the CNAME records up through a real DNS server on loopback (dnsjava on
 * both sides), tells per domain what it found, and once every record is in place while Aangevraagd asks the CA at
 * once; the simulated CA, for a {@code dcv.} name, validates exactly when that lookup finds the records.
 */
class DcvCheckTest extends SharedDcvApplication {

    /** The CA's validation goes through the job executor's poll loop: on a busy CI machine it took more than 60 s. */
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void theCheckSaysWhatItFoundAndTheCaValidatesOnceEveryRecordIsInPlace() {
        ObjectNode body = TestOrders.dv("dcv.check.nl");
        String csr = TestCsrs.ec("dcv.check.nl", "www.dcv.check.nl");
        body.put("csr", csr);
        Response created = api.post("alice", "alice-secret", "/api/orders", body.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.id();
        JsonNode domains = created.json().get("dcv").get("domains");
        String name = domains.get(0).get("instructions").get("name").asText();
        String value = domains.get(0).get("instructions").get("value").asText();
        String wwwName = domains.get(1).get("instructions").get("name").asText();
        assertThat(name).isEqualTo("_" + DcvTokens.of(csr, null).md5() + ".dcv.check.nl.");

        // before submission: nothing published yet
        int queriesBefore = DNS.queries();
        JsonNode missing = check(id);
        assertThat(missing.get("domains").get(0).get("lastCheck").get("found").asBoolean())
                .isFalse();
        assertThat(missing.get("domains").get(0).get("lastCheck").get("detail").asText())
                .contains("NXDOMAIN");
        assertThat(DNS.queries() - queriesBefore)
                .as("the lookups went to the configured server")
                .isGreaterThanOrEqualTo(2);

        // a record with the wrong target
        DNS.cname(name, "something-else.example.net.");
        JsonNode wrong = check(id);
        assertThat(wrong.get("domains").get(0).get("lastCheck").get("detail").asText())
                .contains("points to something-else.example.net.")
                .contains("instead of " + value);

        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        await().atMost(PATIENCE)
                .until(() -> "REQUESTED".equals(order(id).get("status").asText()));
        // the simulated CA's decision delay passes: a dcv. order keeps waiting for its records
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(order(id).get("status").asText()).isEqualTo("REQUESTED");

        // one of two in place: the CA is not asked
        DNS.cname(name, value);
        JsonNode half = check(id);
        assertThat(half.get("domains").get(0).get("lastCheck").get("found").asBoolean())
                .isTrue();
        assertThat(half.get("domains").get(1).get("lastCheck").get("found").asBoolean())
                .isFalse();
        assertThat(order(id).get("status").asText()).isEqualTo("REQUESTED");

        DNS.cname(wwwName, value);
        JsonNode found = check(id);
        assertThat(found.get("domains").get(1).get("lastCheck").get("found").asBoolean())
                .isTrue();

        await().atMost(PATIENCE)
                .until(() -> "ACTIVE".equals(order(id).get("status").asText()));
        JsonNode active = order(id);
        assertThat(active.get("dcv").get("domains").findValuesAsText("status")).containsOnly("VALIDATED");
        assertThat(active.get("history").findValuesAsText("reason"))
                .anyMatch(reason -> reason.startsWith("Certificate issued by the CA"))
                .noneMatch(reason -> reason.startsWith("DCV:"));

        Response closed = api.post("alice", "alice-secret", "/api/orders/" + id + "/dcv/check", null);
        assertThat(closed.status()).isEqualTo(200);
        assertThat(api.post("bob", "bob-secret", "/api/orders/" + id + "/dcv/check", null)
                        .status())
                .isEqualTo(404);
    }

    /**
     * A reissue with a new CSR: while it is pending the CA (here the simulated one, which was sent the new CSR) looks
     * for the new CSR's record, so the instructions name it and *Check now* looks for it; the old record, still
     * published, no longer counts.
     */
    @Test
    void duringAReissueWithANewCsrTheCheckLooksForTheNewCsrsRecord() {
        ObjectNode body = TestOrders.dv("dcv.rekey.nl");
        body.put("csr", TestCsrs.ec("dcv.rekey.nl"));
        Response created = api.post("alice", "alice-secret", "/api/orders", body.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.id();
        JsonNode first = created.json().get("dcv").get("domains").get(0).get("instructions");
        String oldName = first.get("name").asText();
        DNS.cname(oldName, first.get("value").asText());
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        await().atMost(PATIENCE)
                .until(() -> "REQUESTED".equals(order(id).get("status").asText()));
        assertThat(check(id).get("domains").get(0).get("lastCheck").get("found").asBoolean())
                .isTrue();
        await().atMost(PATIENCE)
                .until(() -> "ACTIVE".equals(order(id).get("status").asText())
                        && order(id).get("pendingTransition").isNull());

        ObjectNode reissue = JsonNodeFactory.instance.objectNode();
        reissue.put("csr", TestCsrs.ec("dcv.rekey.nl")).put("reason", "new key");
        Response accepted = api.post("alice", "alice-secret", "/api/orders/" + id + "/reissue", reissue.toString());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode pending = order(id);
        assertThat(pending.get("pendingTransition").asText()).isEqualTo("REISSUE");
        // once the reissue is sent to the CA, what was validated for the old key no longer counts
        JsonNode revalidating = await().atMost(PATIENCE)
                .until(() -> order(id), o -> dcvStatuses(o).contains("PENDING"));
        assertThat(dcvStatuses(revalidating)).containsOnly("PENDING");
        assertThat(revalidating.get("pendingTransition").asText()).isEqualTo("REISSUE");
        assertThat(reasons(revalidating))
                .containsOnlyOnce("DCV: the new key must be validated again: every domain is pending");
        JsonNode now = pending.get("dcv").get("domains").get(0).get("instructions");
        String newName = now.get("name").asText();
        assertThat(newName).as("the new CSR's record").isNotEqualTo(oldName);

        JsonNode missing = check(id).get("domains").get(0).get("lastCheck");
        assertThat(missing.get("found").asBoolean())
                .as("the old record is still published, but the CA hashes the new CSR")
                .isFalse();
        assertThat(missing.get("detail").asText()).contains(newName);

        DNS.cname(newName, now.get("value").asText());
        JsonNode found = check(id).get("domains").get(0).get("lastCheck");
        assertThat(found.get("found").asBoolean()).isTrue();
        assertThat(found.get("detail").asText()).contains(newName);

        // the CA finds the new record too (its collect) and issues the replacement: validated again; the customer's
        // reissue then revokes the replaced certificate, and only after that does the order take a reissue again
        JsonNode reissued = await().atMost(PATIENCE)
                .until(
                        () -> order(id),
                        o -> o.get("pendingTransition").isNull()
                                && o.get("certificates").size() == 2
                                && "REVOKED"
                                        .equals(o.get("certificates")
                                                .get(0)
                                                .get("state")
                                                .asText()));
        assertThat(dcvStatuses(reissued)).containsOnly("VALIDATED");

        // a reissue from the same CSR: the CA has nothing new to validate, the statuses stay
        ObjectNode routine = JsonNodeFactory.instance.objectNode().put("reason", "routine");
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/reissue", routine.toString())
                        .status())
                .isEqualTo(202);
        JsonNode third = await().atMost(PATIENCE)
                .until(
                        () -> order(id),
                        o -> o.get("pendingTransition").isNull()
                                && o.get("certificates").size() == 3);
        assertThat(dcvStatuses(third)).containsOnly("VALIDATED");
        assertThat(reasons(third))
                .containsOnlyOnce("DCV: the new key must be validated again: every domain is pending");
        assertThat(reasons(third)
                        .subList(reasons(reissued).size(), reasons(third).size()))
                .noneMatch(reason -> reason.startsWith("DCV:"));
    }

    private static List<String> dcvStatuses(JsonNode order) {
        return order.get("dcv").get("domains").findValuesAsText("status");
    }

    private static List<String> reasons(JsonNode order) {
        return order.get("history").findValuesAsText("reason");
    }

    private JsonNode check(String id) {
        Response response = api.post("alice", "alice-secret", "/api/orders/" + id + "/dcv/check", null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode order(String id) {
        return api.get("alice", "alice-secret", "/api/orders/" + id).json();
    }
}
