package nl.certflow.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.util.function.Consumer;
import java.util.stream.Stream;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.TestCsrs;
import nl.certflow.TestOrders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/** One test per kind of bad input: a clear problem+json 4xx naming the field, and nothing stored. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class OrderApiBadInputTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    static Stream<Arguments> invalidOrders() {
        return Stream.of(
                invalid("missing validation", order -> order.remove("validation"), "validation"),
                invalid("unknown validation", order -> order.put("validation", "XV"), "validation"),
                invalid("missing CSR", order -> order.remove("csr"), "csr"),
                invalid("CSR is garbage", order -> order.put("csr", "hello"), "csr"),
                invalid(
                        "CSR signature broken",
                        order -> order.put("csr", TestCsrs.tamperedSignature("www.example.com")),
                        "csr"),
                invalid(
                        "RSA key too small",
                        order -> order.put("csr", TestCsrs.rsaWithBits(1024, "www.example.com")),
                        "csr"),
                invalid("CSR for another name", order -> order.put("csr", TestCsrs.ec("other.example.com")), "csr"),
                invalid("common name not a DNS name", order -> order.put("commonName", "not a host"), "commonName"),
                invalid(
                        "SAN not a DNS name",
                        order -> order.putArray("subjectAlternativeNames").add("bad_name!"),
                        "subjectAlternativeNames[0]"),
                invalid(
                        "wildcard on EV",
                        order -> {
                            order.put("validation", "EV");
                            order.set("company", TestOrders.company("Test BV Donald", "68750110"));
                            order.putArray("subjectAlternativeNames").add("*.example.com");
                        },
                        "subjectAlternativeNames[0]"),
                invalid("validity too long", order -> order.put("validityDays", 400), "validityDays"),
                invalid("validity zero", order -> order.put("validityDays", 0), "validityDays"),
                invalid("missing requester", order -> order.remove("requester"), "requester"),
                invalid(
                        "bad e-mail",
                        order -> ((ObjectNode) order.get("requester")).put("email", "jan@"),
                        "requester.email"),
                invalid(
                        "bad phone",
                        order -> ((ObjectNode) order.get("requester")).put("phone", "call me"),
                        "requester.phone"),
                invalid(
                        "name too long",
                        order -> ((ObjectNode) order.get("requester")).put("name", "x".repeat(201)),
                        "requester.name"),
                invalid(
                        "control characters",
                        order -> ((ObjectNode) order.get("requester")).put("name", "Jan\u0000"),
                        "requester.name"),
                invalid("OV without company", order -> order.put("validation", "OV"), "company"),
                invalid(
                        "country not ISO",
                        order -> {
                            order.set("company", TestOrders.company("Test BV Donald", "68750110"));
                            ((ObjectNode) order.get("company")).put("country", "XX");
                        },
                        "company.country"));
    }

    private static Arguments invalid(String name, Consumer<ObjectNode> change, String field) {
        ObjectNode order = TestOrders.dv("www.example.com");
        change.accept(order);
        return Arguments.of(name, order.toString(), field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidOrders")
    void invalidOrderIsRejectedWithTheFieldAndNothingIsStored(String name, String body, String field) {
        long before = orders();
        Response response = api.post("alice", "alice-secret", "/api/orders", body);

        assertProblem(response, 400);
        assertThat(response.json().get("errors").findValuesAsText("field"))
                .as(response.body())
                .contains(field);
        assertThat(orders()).isEqualTo(before);
    }

    static Stream<Arguments> unreadableBodies() {
        return Stream.of(
                Arguments.of("malformed JSON", "{\"validation\": ", "application/json"),
                Arguments.of(
                        "wrong type",
                        TestOrders.dv("www.example.com")
                                .put("validityDays", "ninety")
                                .toString(),
                        "application/json"),
                Arguments.of(
                        "unknown field",
                        TestOrders.dv("www.example.com").put("price", 10).toString(),
                        "application/json"),
                Arguments.of("a JSON array", "[1,2,3]", "application/json"),
                Arguments.of("empty body", "", "application/json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableBodies")
    void unreadableBodyIsABadRequest(String name, String body, String contentType) {
        long before = orders();
        Response response = api.send(api.request("alice", "alice-secret", "/api/orders")
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertProblem(response, 400);
        assertThat(orders()).isEqualTo(before);
    }

    @Test
    void wrongMediaTypeIsUnsupported() {
        Response response = api.send(api.request("alice", "alice-secret", "/api/orders")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")));
        assertProblem(response, 415);
    }

    @Test
    void invalidListParametersAreBadRequests() {
        assertProblem(api.get("alice", "alice-secret", "/api/orders?status=DONE"), 400);
        assertProblem(api.get("alice", "alice-secret", "/api/orders?size=0"), 400);
        assertProblem(api.get("alice", "alice-secret", "/api/orders?size=1000"), 400);
        assertProblem(api.get("alice", "alice-secret", "/api/orders?page=-1"), 400);
        assertProblem(api.get("alice", "alice-secret", "/api/orders?page=abc"), 400);
    }

    @Test
    void unknownOrderIsNotFound() {
        assertProblem(api.get("alice", "alice-secret", "/api/orders/does-not-exist"), 404);
        assertProblem(api.post("alice", "alice-secret", "/api/orders/does-not-exist/submit", null), 404);
    }

    @Test
    void changingAnOrderThatIsNoLongerOpenIsAConflictAndChangesNothing() {
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("closed.example.com").toString())
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"closing\"}");

        Response patch = api.patch(
                "alice",
                "alice-secret",
                "/api/orders/" + id,
                "{\"requester\":{\"name\":\"Other\",\"email\":\"o@example.nl\"}}");

        assertProblem(patch, 409);
        assertThat(api.get("alice", "alice-secret", "/api/orders/" + id)
                        .json()
                        .get("requester")
                        .get("name")
                        .asText())
                .isEqualTo("Jan de Vries");
    }

    @Test
    void invalidPatchIsRejectedAndChangesNothing() {
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("patch.example.com").toString())
                .id();

        Response patch = api.patch("alice", "alice-secret", "/api/orders/" + id, "{\"csr\":\"" + "broken" + "\"}");

        assertProblem(patch, 400);
        assertThat(patch.json().get("errors").findValuesAsText("field")).contains("csr");
        assertThat(api.get("alice", "alice-secret", "/api/orders/" + id)
                        .json()
                        .get("csr")
                        .asText())
                .startsWith("-----BEGIN");
    }

    @Test
    void overlongCancelReasonIsRejected() {
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("reason.example.com").toString())
                .id();
        Response cancel = api.post(
                "alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"" + "x".repeat(1001) + "\"}");
        assertProblem(cancel, 400);
        assertThat(api.get("alice", "alice-secret", "/api/orders/" + id)
                        .json()
                        .get("status")
                        .asText())
                .isEqualTo("OPEN");
    }

    @Test
    void missingOrWrongCredentialsAreUnauthorized() {
        assertProblem(api.get(null, null, "/api/orders"), 401);
        assertProblem(api.get("alice", "wrong", "/api/orders"), 401);
        assertProblem(api.get("sectigo", "push-secret", "/api/orders"), 401);
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asText()).isNotBlank();
    }

    private long orders() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM cf_order", Long.class);
    }
}
