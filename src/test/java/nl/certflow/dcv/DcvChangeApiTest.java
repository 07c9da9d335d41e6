package nl.certflow.dcv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.TestOrders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Changing the DCV method and resending the approval e-mail while Aangevraagd, end to end against the simulated CA:
 * 202 and the order shows the new method (and a history line, hence an event) once the CA took it; 400 for a bad
 * body, changing nothing; 409 when the order's process does not wait for it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DcvChangeApiTest {

    private static final String ALICE = "alice";
    private static final String SECRET = "alice-secret";

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void aMethodChangeAndAResendWhileAangevraagdReachTheCaAndTheHistory() {
        String id = created("dcv.change-api.nl");
        String path = "/api/orders/" + id + "/dcv";

        Response whileOpen = api.post(ALICE, SECRET, path, "{\"method\":\"HTTP_CSR_HASH\"}");
        assertThat(whileOpen.status()).as(whileOpen.body()).isEqualTo(409);
        assertThat(whileOpen.contentType()).startsWith("application/problem+json");
        assertThat(whileOpen.json().get("detail").asText())
                .isEqualTo("The order is Open and cannot be given another DCV method at the CA now; it can only be"
                        + " submitted or changed or cancelled");

        api.post(ALICE, SECRET, "/api/orders/" + id + "/submit", null);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "REQUESTED".equals(order(id).get("status").asText()));

        assertBadField(api.post(ALICE, SECRET, path, "{\"method\":\"DNS\"}"), "method");
        assertBadField(api.post(ALICE, SECRET, path, "{\"method\":\"EMAIL\"}"), "approverEmail");
        assertBadField(
                api.post(ALICE, SECRET, path, "{\"method\":\"EMAIL\",\"approverEmail\":\"jan@gmail.com\"}"),
                "approverEmail");
        assertBadField(api.post(ALICE, SECRET, path, null), "method");
        Response resendCname = api.post(ALICE, SECRET, path + "/resend", null);
        assertThat(resendCname.status()).as(resendCname.body()).isEqualTo(409);
        assertThat(resendCname.json().get("detail").asText()).contains("validated by CNAME_CSR_HASH");
        assertThat(order(id).get("dcv").get("method").asText()).isEqualTo("CNAME_CSR_HASH");

        Response changed =
                api.post(ALICE, SECRET, path, "{\"method\":\"email\",\"approverEmail\":\"Admin@dcv.change-api.nl\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "EMAIL".equals(order(id).get("dcv").get("method").asText()));
        JsonNode email = order(id);
        assertThat(email.get("dcv").get("approverEmail").asText()).isEqualTo("admin@dcv.change-api.nl");
        assertThat(email.get("dcv")
                        .get("domains")
                        .get(0)
                        .get("instructions")
                        .get("address")
                        .asText())
                .isEqualTo("admin@dcv.change-api.nl");
        assertThat(email.get("history").findValuesAsText("reason"))
                .contains("DCV: method changed to EMAIL (admin@dcv.change-api.nl); the CA sent the approval e-mail");
        assertThat(email.get("status").asText()).isEqualTo("REQUESTED");

        Response resent = api.post(ALICE, SECRET, path + "/resend", null);
        assertThat(resent.status()).as(resent.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> order(id)
                        .get("history")
                        .findValuesAsText("reason")
                        .contains("DCV: approval e-mail sent again to admin@dcv.change-api.nl"));
        // events are numbered by a poll shortly after their commit
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(dcvEvents())
                        .as("each DCV history line is an event too")
                        .contains(
                                "DCV: method changed to EMAIL (admin@dcv.change-api.nl); the CA sent the approval e-mail",
                                "DCV: approval e-mail sent again to admin@dcv.change-api.nl"));

        assertThat(api.post("bob", "bob-secret", path + "/resend", null).status())
                .as("another customer's order")
                .isEqualTo(404);
        api.post(ALICE, SECRET, "/api/orders/" + id + "/cancel", "{\"reason\":\"not needed\"}");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "REVOKED".equals(order(id).get("status").asText()));
        assertThat(api.post(ALICE, SECRET, path, "{\"method\":\"CNAME_CSR_HASH\"}")
                        .status())
                .isEqualTo(409);
        assertThat(api.post(ALICE, SECRET, path + "/resend", null).status()).isEqualTo(409);
    }

    private String created(String commonName) {
        Response created =
                api.post(ALICE, SECRET, "/api/orders", TestOrders.dv(commonName).toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.id();
    }

    private List<String> dcvEvents() {
        JsonNode events =
                api.get(ALICE, SECRET, "/api/events?after=0&limit=1000").json();
        return events.get("items").findValues("reason").stream()
                .map(JsonNode::asText)
                .filter(reason -> reason.startsWith("DCV: "))
                .toList();
    }

    private JsonNode order(String id) {
        return api.get(ALICE, SECRET, "/api/orders/" + id).json();
    }

    private void assertBadField(Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsText("field")).contains(field);
    }
}
