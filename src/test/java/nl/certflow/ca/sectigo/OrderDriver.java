package nl.certflow.ca.sectigo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.TestOrders;

/** A customer driving orders through certflow's API, as the control panel does. */
final class OrderDriver {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String USER = "alice";
    private static final String PASSWORD = "alice-secret";

    private final ApiClient api;

    OrderDriver(int port) {
        this.api = new ApiClient(port);
    }

    /** Creates a DV order and submits it; answers the order id. */
    String submitDv(String commonName) {
        return submit(TestOrders.dv(commonName));
    }

    /** Creates the order and submits it; answers the order id. */
    String submit(JsonNode order) {
        Response created = api.post(USER, PASSWORD, "/api/orders", order.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Response submitted = api.post(USER, PASSWORD, "/api/orders/" + created.id() + "/submit", null);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        return created.id();
    }

    Response cancel(String id, String reason) {
        return api.post(USER, PASSWORD, "/api/orders/" + id + "/cancel", "{\"reason\":\"" + reason + "\"}");
    }

    JsonNode get(String id) {
        return api.get(USER, PASSWORD, "/api/orders/" + id).json();
    }

    /** Waits until the order has the status and no pending transition. */
    JsonNode awaitStatus(String id, String status) {
        return await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> get(id),
                        order -> status.equals(order.get("status").asText())
                                && order.get("pendingTransition").isNull());
    }

    /** The "Certificaat historie" as status[/pending] entries, oldest first. */
    static List<String> history(JsonNode order) {
        List<String> entries = new ArrayList<>();
        order.get("history")
                .forEach(entry -> entries.add(entry.get("status").asText()
                        + (entry.get("pendingTransition").isNull()
                                ? ""
                                : "/" + entry.get("pendingTransition").asText())));
        return entries;
    }

    static String lastReason(JsonNode order) {
        JsonNode history = order.get("history");
        return history.get(history.size() - 1).get("reason").asText();
    }
}
