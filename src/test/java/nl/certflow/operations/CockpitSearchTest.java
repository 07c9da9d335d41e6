package nl.certflow.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.certflow.ApiClient;
import nl.certflow.TestOrders;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The searches README "Finding an order in Cockpit" tells operators to make, as Cockpit makes them (its process
 * instance search is the engine REST API's {@code variables=name_eq_value} and {@code businessKey} filters): an
 * order is found by its id (business key), its domain ({@code commonName}), its status and the CA's order number;
 * a finished one stays findable in the history by its id.
 */
@NamedEngineApplicationTest
class CockpitSearchTest {

    private static final String INSTANCES =
            NamedEngineApplicationTest.ENGINE_REST + "/process-instance?processDefinitionKey=CertificateOrderProcess";

    @LocalServerPort
    int port;

    @Test
    void anOrderIsFoundByIdDomainStatusAndCaOrderNumberAndAfterItEnded() {
        ApiClient api = new ApiClient(port);
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("find-me.example.com").toString())
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        JsonNode active = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("alice", "alice-secret", "/api/orders/" + id)
                                .json(),
                        order -> "ACTIVE".equals(order.get("status").asText()));
        String caOrderNumber = active.get("ca").get("orderNumber").asText();

        assertThat(businessKeys(api, INSTANCES + "&businessKey=" + id)).containsExactly(id);
        assertThat(businessKeys(api, INSTANCES + "&variables=commonName_eq_find-me.example.com"))
                .containsExactly(id);
        assertThat(businessKeys(api, INSTANCES + "&variables=commonName_like_find-me%25"))
                .containsExactly(id);
        assertThat(businessKeys(api, INSTANCES + "&variables=status_eq_ACTIVE")).contains(id);
        assertThat(businessKeys(api, INSTANCES + "&variables=status_eq_REQUESTED"))
                .doesNotContain(id);
        assertThat(businessKeys(api, INSTANCES + "&variables=caOrderNumber_eq_" + caOrderNumber))
                .containsExactly(id);

        api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"found\"}");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> businessKeys(
                                api,
                                NamedEngineApplicationTest.ENGINE_REST
                                        + "/history/process-instance?processDefinitionKey=CertificateOrderProcess"
                                        + "&finished=true&processInstanceBusinessKey=" + id)
                        .contains(id));
        assertThat(businessKeys(api, INSTANCES + "&businessKey=" + id))
                .as("no longer running")
                .isEmpty();
    }

    private static List<String> businessKeys(ApiClient api, String path) {
        ApiClient.Response response = api.get("operator", "operator-secret", path);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        List<String> keys = new ArrayList<>();
        response.json().forEach(instance -> keys.add(instance.get("businessKey").asText()));
        return keys;
    }
}
