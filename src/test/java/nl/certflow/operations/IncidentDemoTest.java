package nl.certflow.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import nl.certflow.ApiClient;
import nl.certflow.TestOrders;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * README "An incident on purpose": an {@code unavailable.} order makes the simulated CA answer 503, the engine
 * retries, and with its retries taken away over the engine REST API (as the README does) the incident is there at
 * once, carrying the CA's error as its message. The order stays Open with its pending request.
 */
@NamedEngineApplicationTest
class IncidentDemoTest {

    @LocalServerPort
    int port;

    @Test
    void anUnavailableOrderBecomesAnIncidentWithTheCasError() {
        ApiClient api = new ApiClient(port);
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("unavailable.example.com").toString())
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        JsonNode job = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> api.get(
                                        "operator",
                                        "operator-secret",
                                        NamedEngineApplicationTest.ENGINE_REST + "/job?processInstanceBusinessKey=" + id
                                                + "&withException=true")
                                .json(),
                        jobs -> jobs.size() == 1)
                .get(0);

        ApiClient.Response retries = api.send(api.request(
                        "operator",
                        "operator-secret",
                        NamedEngineApplicationTest.ENGINE_REST + "/job/"
                                + job.get("id").asText() + "/retries")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"retries\": 0}")));
        assertThat(retries.status()).isEqualTo(204);

        String message = api.get(
                        "operator",
                        "operator-secret",
                        NamedEngineApplicationTest.ENGINE_REST + "/incident?processInstanceId="
                                + job.get("processInstanceId").asText())
                .json()
                .get(0)
                .get("incidentMessage")
                .asText();
        assertThat(message)
                .startsWith("Simulated CA: HTTP 503 Service Unavailable for order " + id)
                .contains("'unavailable.'");
        assertThat(api.get("alice", "alice-secret", "/api/orders/" + id)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("OPEN");
    }
}
