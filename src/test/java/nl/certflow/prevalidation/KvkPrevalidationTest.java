package nl.certflow.prevalidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.certflow.ApiClient;
import nl.certflow.TestOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Prevalidation through the real KvK client ({@code certflow.prevalidation.registry=kvk}) against a local stub that
 * answers KvK's Basisprofiel format for KvK's test companies and 404 for anything else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
class KvkPrevalidationTest {

    private static final String API_KEY = "kvk-test-key";
    private static final HttpServer KVK = startKvkStub();
    private static final List<String> RECEIVED_KEYS = new CopyOnWriteArrayList<>();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kvk(DynamicPropertyRegistry properties) {
        properties.add("certflow.prevalidation.registry", () -> "kvk");
        properties.add(
                "certflow.kvk.base-url",
                () -> "http://127.0.0.1:" + KVK.getAddress().getPort() + "/test/api");
        properties.add("certflow.kvk.api-key", () -> API_KEY);
    }

    @AfterAll
    static void stopStub() {
        KVK.stop(0);
    }

    @Test
    void registeredCompanyWithALegalFormSpelledDifferentlyPassesAndGoesToTheCa() {
        JsonNode order = submitAndAwait(TestOrders.ovDutch("www.donald.nl", "Test B.V. Donald", "68750110"), "ACTIVE");
        assertThat(order.get("prevalidation").get("outcome").asText()).isEqualTo("PASSED");
        assertThat(RECEIVED_KEYS).contains(API_KEY);
    }

    @Test
    void tradeNameMatchPasses() {
        JsonNode order = submitAndAwait(TestOrders.ovDutch("www.kontex.nl", "Kontex Hosting", "90001354"), "ACTIVE");
        assertThat(order.get("prevalidation").get("outcome").asText()).isEqualTo("PASSED");
    }

    @Test
    void unknownNumberAndEndedRegistrationKeepTheOrderOpenWithReasons() {
        JsonNode unknown = submitAndAwaitFailure(TestOrders.ovDutch("www.nobody.nl", "Nobody BV", "12345678"));
        assertThat(unknown.get("prevalidation").get("reasons").get(0).asText())
                .isEqualTo("No company with KvK number 12345678 is registered");

        JsonNode ended = submitAndAwaitFailure(TestOrders.ovDutch("www.gone.nl", "Test BV Opgeheven", "90009991"));
        assertThat(ended.get("prevalidation").get("reasons").get(0).asText()).contains("ended on 2020-01-01");
    }

    private JsonNode submitAndAwait(Object body, String status) {
        ApiClient api = new ApiClient(port);
        String id = api.post("alice", "alice-secret", "/api/orders", body.toString())
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("alice", "alice-secret", "/api/orders/" + id)
                                .json(),
                        order -> status.equals(order.get("status").asText()));
    }

    private JsonNode submitAndAwaitFailure(Object body) {
        ApiClient api = new ApiClient(port);
        String id = api.post("alice", "alice-secret", "/api/orders", body.toString())
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        JsonNode order = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("alice", "alice-secret", "/api/orders/" + id)
                                .json(),
                        o -> "FAILED"
                                .equals(o.get("prevalidation").get("outcome").asText()));
        assertThat(order.get("status").asText()).isEqualTo("OPEN");
        assertThat(order.get("pendingTransition").asText()).isEqualTo("REQUEST");
        return order;
    }

    /** KvK's test companies, served in the Basisprofiel format from the same data the offline register bundles. */
    private static HttpServer startKvkStub() {
        try (InputStream data = KvkPrevalidationTest.class.getResourceAsStream("/kvk/test-companies.json")) {
            Map<String, String> profiles = new HashMap<>();
            ObjectMapper json = new ObjectMapper();
            for (JsonNode company : json.readTree(data)) {
                profiles.put(company.get("kvkNummer").asText(), json.writeValueAsString(company));
            }
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/test/api/v1/basisprofielen/", exchange -> answer(exchange, profiles));
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange, Map<String, String> profiles) throws IOException {
        RECEIVED_KEYS.add(exchange.getRequestHeaders().getFirst("apikey"));
        String number = exchange.getRequestURI().getPath().replaceAll(".*/", "");
        String profile = profiles.get(number);
        byte[] body = (profile != null
                        ? profile
                        : "{\"fout\":[{\"code\":\"IPD0004\",\"omschrijving\":\"Het kvkNummer " + number
                                + " is niet gevonden\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(profile != null ? 200 : 404, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
