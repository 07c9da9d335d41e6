package nl.certflow.dcv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.TestCsrs;
import nl.certflow.TestOrders;
import nl.certflow.order.DcvTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The DCV method per order on create and PATCH, the instructions per domain, and the 400s naming the field. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DcvOrderApiTest {

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void anOrderWithoutAMethodGetsTheDefaultAndACnameRecordPerDomain() {
        ObjectNode body = TestOrders.dv("www.dcv-default.nl");
        body.put("csr", TestCsrs.ec("www.dcv-default.nl", "dcv-default.nl"));
        Response created = create(body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode dcv = created.json().get("dcv");
        assertThat(dcv.get("method").asText()).isEqualTo("CNAME_CSR_HASH");
        assertThat(dcv.get("domains").findValuesAsText("domain"))
                .containsExactly("www.dcv-default.nl", "dcv-default.nl");
        assertThat(dcv.get("domains").findValuesAsText("status")).containsOnly("PENDING");
        JsonNode first = dcv.get("domains").get(0);
        assertThat(first.get("lastCheck").isNull()).isTrue();
        JsonNode instructions = first.get("instructions");
        assertThat(instructions.get("type").asText()).isEqualTo("CNAME");
        DcvTokens tokens = DcvTokens.of(body.get("csr").asText(), null);
        assertThat(instructions.get("name").asText()).isEqualTo("_" + tokens.md5() + ".www.dcv-default.nl.");
        // the order's own uniqueValue sits between the SHA-256 halves and the CA's domain
        assertThat(instructions.get("value").asText())
                .matches(tokens.sha256().substring(0, 32) + "\\."
                        + tokens.sha256().substring(32) + "\\.[a-z0-9]{1,20}\\.sectigo\\.com\\.");
        assertThat(dcv.get("domains").get(1).get("instructions").get("name").asText())
                .isEqualTo("_" + tokens.md5() + ".dcv-default.nl.");
    }

    @Test
    void twoOrdersWithTheSameCsrNeverShareAToken() {
        ObjectNode body = TestOrders.dv("www.dcv-same.nl");
        String first = cnameValue(create(body));
        String second = cnameValue(create(body));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void emailNeedsOneOfTheCasApproverAddresses() {
        Response ok = create(withDcv(TestOrders.dv("www.dcv-mail.nl"), "EMAIL", "hostmaster@www.dcv-mail.nl"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        JsonNode instructions = ok.json().get("dcv").get("domains").get(0).get("instructions");
        assertThat(instructions.get("type").asText()).isEqualTo("EMAIL");
        assertThat(instructions.get("address").asText()).isEqualTo("hostmaster@www.dcv-mail.nl");

        assertBadField(create(withDcv(TestOrders.dv("www.dcv-mail.nl"), "EMAIL", null)), "dcv.approverEmail");
        assertBadField(
                create(withDcv(TestOrders.dv("www.dcv-mail.nl"), "EMAIL", "jan@gmail.com")), "dcv.approverEmail");
        assertBadField(create(withDcv(TestOrders.dv("www.dcv-mail.nl"), "DNS", null)), "dcv.method");
        assertBadField(
                create(withDcv(TestOrders.dv("www.dcv-mail.nl"), "CNAME_CSR_HASH", "admin@www.dcv-mail.nl")),
                "dcv.approverEmail");
    }

    @Test
    void theApproverAddressesAreTheCasWhileTheOrderIsNotFinal() {
        String id = create(TestOrders.dv("www.dcv-approvers.nl")).id();

        Response addresses = api.get("alice", "alice-secret", "/api/orders/" + id + "/dcv/approver-emails");
        assertThat(addresses.status()).as(addresses.body()).isEqualTo(200);
        assertThat(addresses.json().get("addresses"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "admin@www.dcv-approvers.nl",
                        "administrator@www.dcv-approvers.nl",
                        "hostmaster@www.dcv-approvers.nl",
                        "postmaster@www.dcv-approvers.nl",
                        "webmaster@www.dcv-approvers.nl");
        assertThat(api.get("bob", "bob-secret", "/api/orders/" + id + "/dcv/approver-emails")
                        .status())
                .isEqualTo(404);

        api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"done\"}");
        Response closed = api.get("alice", "alice-secret", "/api/orders/" + id + "/dcv/approver-emails");
        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aWildcardIsNotValidatedByAFile() {
        ObjectNode body = TestOrders.dv("www.dcv-wild.nl");
        body.put("csr", TestCsrs.ec("www.dcv-wild.nl", "*.dcv-wild.nl"));
        assertBadField(create(withDcv(body, "HTTP_CSR_HASH", null)), "dcv.method");
    }

    @Test
    void theMethodChangesWithPatchWhileOpenOnly() {
        String id = create(TestOrders.dv("www.dcv-patch.nl")).id();

        Response patched =
                api.patch("alice", "alice-secret", "/api/orders/" + id, "{\"dcv\":{\"method\":\"HTTPS_CSR_HASH\"}}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        JsonNode instructions = patched.json().get("dcv").get("domains").get(0).get("instructions");
        assertThat(instructions.get("type").asText()).isEqualTo("HTTPS");
        assertThat(instructions.get("url").asText())
                .matches("https://www\\.dcv-patch\\.nl/\\.well-known/pki-validation/[0-9A-F]{32}\\.txt");
        assertThat(instructions.get("content").asText()).matches("[0-9A-F]{64}\nsectigo\\.com\n[a-z0-9]{1,20}");

        assertBadField(
                api.patch("alice", "alice-secret", "/api/orders/" + id, "{\"dcv\":{\"method\":\"EMAIL\"}}"),
                "dcv.approverEmail");

        api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"done\"}");
        Response refused =
                api.patch("alice", "alice-secret", "/api/orders/" + id, "{\"dcv\":{\"method\":\"CNAME_CSR_HASH\"}}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(api.get("alice", "alice-secret", "/api/orders/" + id)
                        .json()
                        .get("dcv")
                        .get("method")
                        .asText())
                .isEqualTo("HTTPS_CSR_HASH");
    }

    private Response create(ObjectNode body) {
        return api.post("alice", "alice-secret", "/api/orders", body.toString());
    }

    private static String cnameValue(Response response) {
        return response.json()
                .get("dcv")
                .get("domains")
                .get(0)
                .get("instructions")
                .get("value")
                .asText();
    }

    private static ObjectNode withDcv(ObjectNode body, String method, String approverEmail) {
        ObjectNode dcv = body.putObject("dcv");
        dcv.put("method", method);
        if (approverEmail != null) {
            dcv.put("approverEmail", approverEmail);
        }
        return body;
    }

    private static void assertBadField(Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsText("field")).contains(field);
    }
}
