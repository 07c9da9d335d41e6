package nl.certflow.dcv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.TestCsrs;
import nl.certflow.TestOrders;
import nl.certflow.order.DcvTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * "Check now" for the HTTP file method end to end through the API: the customer's domain resolves through a real DNS
 * server on loopback to a real web server on loopback ({@code certflow.dcv.allow-private-targets} and
 * {@code http-port} make that reachable here, as in a demo; production never fetches from internal addresses). The
 * file is missing (HTTP 404), then published at the URL with the content the order's instructions name, then found;
 * the simulated CA validates a {@code dcv.} order exactly when that fetch finds the file, so the order goes Actief.
 */
class DcvFileCheckApiTest extends SharedDcvApplication {

    private static final String DOMAIN = "dcv.file-api.nl";

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        DNS.address(DOMAIN, "127.0.0.1");
    }

    @Test
    void aMissingFileIsHttp404ThenThePublishedFileIsFoundAndTheOrderGoesActief() {
        ObjectNode body = TestOrders.dv(DOMAIN);
        String csr = TestCsrs.ec(DOMAIN);
        body.put("csr", csr);
        body.putObject("dcv").put("method", "HTTP_CSR_HASH");
        Response created = api.post("alice", "alice-secret", "/api/orders", body.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.id();
        JsonNode instructions = created.json().get("dcv").get("domains").get(0).get("instructions");
        assertThat(instructions.get("type").asText()).isEqualTo("HTTP");
        String url = instructions.get("url").asText();
        String content = instructions.get("content").asText();
        // Sectigo's file name is the CSR's MD5 in upper case (docs.sectigo.com, Domain Control Validation)
        String md5 = DcvTokens.of(csr, null).md5();
        assertThat(url)
                .isEqualTo("http://" + DOMAIN + "/.well-known/pki-validation/" + md5 + ".txt")
                .matches("http://[^/]+/\\.well-known/pki-validation/[0-9A-F]{32}\\.txt");
        String path = URI.create(url).getPath();

        // nothing published: the web server says 404, and certflow says so
        JsonNode missing = check(id).get("domains").get(0).get("lastCheck");
        assertThat(missing.get("found").asBoolean()).isFalse();
        assertThat(missing.get("detail").asText()).isEqualTo("HTTP 404 at " + url);
        assertThat(FETCHES)
                .as("fetched from the domain's address, naming the domain")
                .contains(hostAndPath(path));

        Response submitted = api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> "REQUESTED".equals(status(id)));
        JsonNode stillMissing = check(id).get("domains").get(0).get("lastCheck");
        assertThat(stillMissing.get("found").asBoolean()).isFalse();
        assertThat(status(id)).as("a dcv. order waits for its file").isEqualTo("REQUESTED");

        // the customer publishes the file the instructions name (a CRLF file is the same to the CA)
        FILES.put(path, content.replace("\n", "\r\n") + "\r\n");
        JsonNode found = check(id).get("domains").get(0).get("lastCheck");
        assertThat(found.get("found").asBoolean()).as(found.toString()).isTrue();
        assertThat(found.get("detail").asText()).isEqualTo(url + " has the expected content");

        await().atMost(Duration.ofSeconds(60)).until(() -> "ACTIVE".equals(status(id)));
        JsonNode active = order(id);
        assertThat(active.get("dcv").get("domains").findValuesAsText("status")).containsOnly("VALIDATED");
        assertThat(active.get("dcv").get("method").asText()).isEqualTo("HTTP_CSR_HASH");
    }

    private static String hostAndPath(String path) {
        return DOMAIN + ":" + WEB.getAddress().getPort() + " " + path;
    }

    private JsonNode check(String id) {
        Response response = api.post("alice", "alice-secret", "/api/orders/" + id + "/dcv/check", null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode order(String id) {
        return api.get("alice", "alice-secret", "/api/orders/" + id).json();
    }

    private String status(String id) {
        return order(id).get("status").asText();
    }
}
