package nl.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.LoopbackPeer;
import nl.certflow.TestCsrs;
import nl.certflow.TestOrders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every door × every wrong caller. The matrix lists each endpoint with the status each kind of caller gets; the
 * first test fails when an endpoint appears (a controller method or an actuator endpoint) that has no row here, so
 * nobody adds a door without deciding who may use it. Pushes are allowed from 127.0.0.1 and 127.0.0.4 only.
 */
// The test profile allows pushes from 127.0.0.1 and 127.0.0.4 only (the throttle is tested from 127.0.0.4); here
// webhooks go only to public https addresses, as in production.
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "certflow.webhooks.allow-private-targets=false")
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessMatrixTest {

    private static final String ALICE_ORDER = "{alice-order}";
    private static final String ALICE_WEBHOOK = "{alice-webhook}";
    /**
     * TEST-NET-3 (RFC 5737): a public address that needs no DNS; nothing answers there. The matrix writes no notes, so
     * nothing is sent to it and no delivery holds the endpoint when the matrix replays it.
     */
    private static final String WEBHOOK = "{\"url\":\"https://203.0.113.10/hook\",\"types\":[\"order.note\"]}";

    private static final String PUSH = "orderNumber=31313131&statusCode=12&status=matrix";

    /** Who knocks, with which credentials; {@code null} user = anonymous. */
    enum Caller {
        ANONYMOUS(null, null),
        WRONG_PASSWORD_CUSTOMER("alice", "Wr0ng-Pa55-alice"),
        WRONG_PASSWORD_CA("sectigo", "Wr0ng-Pa55-ca"),
        WRONG_PASSWORD_OPERATOR("operator", "Wr0ng-Pa55-operator"),
        CUSTOMER("alice", "alice-secret"),
        OTHER_CUSTOMER("bob", "bob-secret"),
        API_OPERATOR("ops", "ops-secret"),
        CA("sectigo", "push-secret"),
        CAMUNDA_OPERATOR("operator", "operator-secret");

        final String user;
        final String password;

        Caller(String user, String password) {
            this.user = user;
            this.password = password;
        }
    }

    /** One endpoint: how to call it, and per caller the expected status. */
    record Door(String mapping, String method, String path, String body, List<Expect> expected) {}

    record Expect(Caller caller, int status) {}

    private static Expect e(Caller caller, int status) {
        return new Expect(caller, status);
    }

    private static Door api(String mapping, String method, String path, String body, int customer, int otherCustomer) {
        return new Door(
                mapping,
                method,
                path,
                body,
                List.of(
                        e(Caller.ANONYMOUS, 401),
                        e(Caller.WRONG_PASSWORD_CUSTOMER, 401),
                        e(Caller.CA, 401),
                        e(Caller.CAMUNDA_OPERATOR, 401),
                        e(Caller.OTHER_CUSTOMER, otherCustomer),
                        e(Caller.CUSTOMER, customer)));
    }

    /** An operators' tool: API operators only; a customer is known but not allowed (403). */
    private static Door operator(String mapping, String method, String path, String body, int status) {
        return new Door(
                mapping,
                method,
                path,
                body,
                List.of(
                        e(Caller.ANONYMOUS, 401),
                        e(Caller.WRONG_PASSWORD_CUSTOMER, 401),
                        e(Caller.CA, 401),
                        e(Caller.CAMUNDA_OPERATOR, 401),
                        e(Caller.CUSTOMER, 403),
                        e(Caller.OTHER_CUSTOMER, 403),
                        e(Caller.API_OPERATOR, status)));
    }

    /** A URL of the control panel page: every caller gets the same answer, HTTP Basic or not. */
    private static Door page(String mapping, String path, int status) {
        return new Door(
                mapping,
                "GET",
                path,
                null,
                List.of(
                        e(Caller.ANONYMOUS, status),
                        e(Caller.CUSTOMER, status),
                        e(Caller.WRONG_PASSWORD_CUSTOMER, status),
                        e(Caller.API_OPERATOR, status),
                        e(Caller.CA, status),
                        e(Caller.CAMUNDA_OPERATOR, status)));
    }

    private static Door webhook(String method) {
        return new Door(
                method + " /webhooks/sectigo",
                method,
                "/webhooks/sectigo" + (method.equals("GET") ? "?" + PUSH : ""),
                method.equals("POST") ? PUSH : null,
                List.of(
                        e(Caller.ANONYMOUS, 401),
                        e(Caller.WRONG_PASSWORD_CA, 401),
                        e(Caller.CUSTOMER, 401),
                        e(Caller.API_OPERATOR, 401),
                        e(Caller.CAMUNDA_OPERATOR, 401),
                        e(Caller.CA, 200)));
    }

    private static Door actuator(String path, int anonymous) {
        return new Door(
                path,
                "GET",
                path,
                null,
                List.of(
                        e(Caller.ANONYMOUS, anonymous),
                        e(Caller.WRONG_PASSWORD_CUSTOMER, 401),
                        e(Caller.CUSTOMER, anonymous == 200 ? 200 : 403),
                        e(Caller.CA, 401),
                        e(Caller.API_OPERATOR, 200)));
    }

    /** The matrix. {@code mapping} is the handler mapping it covers (null: not a Spring MVC or actuator endpoint). */
    static List<Door> doors() {
        String order = "/api/orders/" + ALICE_ORDER;
        String cancel = "{\"reason\":\"matrix\"}";
        return List.of(
                api(
                        "POST /api/orders",
                        "POST",
                        "/api/orders",
                        TestOrders.dv("matrix.example.com").toString(),
                        201,
                        201),
                api("GET /api/orders", "GET", "/api/orders", null, 200, 200),
                api("GET /api/orders/{id}", "GET", order, null, 200, 404),
                api(
                        "PATCH /api/orders/{id}",
                        "PATCH",
                        order,
                        "{\"requester\":{\"name\":\"Matrix\",\"email\":\"m@example.nl\"}}",
                        409,
                        404),
                api("POST /api/orders/{id}/submit", "POST", order + "/submit", null, 409, 404),
                api("POST /api/orders/{id}/cancel", "POST", order + "/cancel", cancel, 409, 404),
                api("POST /api/orders/{id}/reissue", "POST", order + "/reissue", "{\"reason\":\"matrix\"}", 409, 404),
                api("POST /api/orders/{id}/renew", "POST", order + "/renew", null, 409, 404),
                api("GET /api/orders/{id}/dcv/approver-emails", "GET", order + "/dcv/approver-emails", null, 409, 404),
                api("POST /api/orders/{id}/dcv", "POST", order + "/dcv", "{\"method\":\"CNAME_CSR_HASH\"}", 409, 404),
                api("POST /api/orders/{id}/dcv/resend", "POST", order + "/dcv/resend", null, 409, 404),
                api("POST /api/orders/{id}/dcv/check", "POST", order + "/dcv/check", null, 409, 404),
                api(
                        "POST /api/csr/inspect",
                        "POST",
                        "/api/csr/inspect",
                        "{\"csr\":\"" + TestCsrs.ec("matrix.example.com").replace("\n", "\\n") + "\"}",
                        200,
                        200),
                // The control panel page signs in with its form only: Basic credentials do not open it.
                page("GET /panel", "/panel", 302),
                page("GET /panel/", "/panel/", 302),
                page("GET /panel/session", "/panel/session", 302),
                page(null, "/panel/index.html", 302),
                page(null, "/panel/js/app.js", 302),
                page("GET /panel/orders/{id}/cockpit", "/panel/orders/" + ALICE_ORDER + "/cockpit", 302),
                page("GET /panel/login", "/panel/login", 200),
                page(null, "/panel/login.html", 200),
                page("GET /panel/csrf", "/panel/csrf", 200),
                new Door(
                        null,
                        "POST",
                        "/panel/login",
                        "username=alice&password=alice-secret",
                        List.of(e(Caller.ANONYMOUS, 403), e(Caller.CUSTOMER, 403))),
                api("GET /api/events", "GET", "/api/events?after=0&limit=10", null, 200, 200),
                api("POST /api/webhooks", "POST", "/api/webhooks", WEBHOOK, 201, 201),
                api("GET /api/webhooks", "GET", "/api/webhooks", null, 200, 200),
                api(
                        "POST /api/webhooks/{id}/replay",
                        "POST",
                        "/api/webhooks/" + ALICE_WEBHOOK + "/replay",
                        "{}",
                        200,
                        404),
                api("DELETE /api/webhooks/{id}", "DELETE", "/api/webhooks/" + ALICE_WEBHOOK, null, 204, 404),
                operator(
                        "POST /api/operations/migrations/plan",
                        "POST",
                        "/api/operations/migrations/plan",
                        "{\"processDefinitionKey\":\"CertificateOrderProcess\"}",
                        200),
                // nothing runs on an older version in the matrix's application: the run starts no batch
                operator(
                        "POST /api/operations/migrations/run",
                        "POST",
                        "/api/operations/migrations/run",
                        "{\"processDefinitionKey\":\"CaPushDeliveryProcess\"}",
                        202),
                operator(
                        "GET /api/operations/migrations/{batchId}",
                        "GET",
                        "/api/operations/migrations/no-such-batch",
                        null,
                        404),
                operator("GET /api/operations/reconciliation", "GET", "/api/operations/reconciliation", null, 404),
                new Door(null, "GET", "/api/unknown", null, List.of(e(Caller.ANONYMOUS, 401), e(Caller.CUSTOMER, 404))),
                // The OpenAPI document and Swagger UI: API accounts only, like the API they describe.
                api("GET /v3/api-docs", "GET", "/v3/api-docs", null, 200, 200),
                api("GET /v3/api-docs.yaml", "GET", "/v3/api-docs.yaml", null, 200, 200),
                api("GET /v3/api-docs/swagger-config", "GET", "/v3/api-docs/swagger-config", null, 200, 200),
                api("GET /swagger-ui.html", "GET", "/swagger-ui.html", null, 302, 302),
                api(null, "GET", "/swagger-ui/index.html", null, 200, 200),
                webhook("GET"),
                webhook("POST"),
                new Door(
                        null,
                        "GET",
                        "/webhooks/other",
                        null,
                        List.of(e(Caller.ANONYMOUS, 401), e(Caller.CUSTOMER, 401), e(Caller.CA, 404))),
                actuator("/actuator", 401),
                actuator("/actuator/health", 200),
                actuator("/actuator/info", 401),
                actuator("/actuator/metrics", 401),
                actuator("/actuator/prometheus", 401),
                new Door(
                        "ANY /error",
                        "GET",
                        "/error",
                        null,
                        List.of(e(Caller.ANONYMOUS, 404), e(Caller.CUSTOMER, 404))),
                new Door(
                        null,
                        "GET",
                        "/engine-rest/process-definition",
                        null,
                        List.of(
                                e(Caller.ANONYMOUS, 401),
                                e(Caller.CUSTOMER, 401),
                                e(Caller.API_OPERATOR, 401),
                                e(Caller.CA, 401),
                                e(Caller.CAMUNDA_OPERATOR, 200))),
                new Door(
                        null,
                        "GET",
                        "/engine-rest/engine",
                        null,
                        List.of(
                                e(Caller.ANONYMOUS, 401),
                                e(Caller.CUSTOMER, 401),
                                e(Caller.API_OPERATOR, 401),
                                e(Caller.CAMUNDA_OPERATOR, 200))),
                new Door(
                        null,
                        "GET",
                        "/camunda/api/engine/engine/default/process-definition",
                        null,
                        List.of(e(Caller.ANONYMOUS, 401), e(Caller.CUSTOMER, 401), e(Caller.CAMUNDA_OPERATOR, 401))),
                new Door(
                        null,
                        "GET",
                        "/camunda/api/admin/auth/user/default",
                        null,
                        List.of(e(Caller.ANONYMOUS, 404), e(Caller.CAMUNDA_OPERATOR, 404))),
                new Door(
                        null,
                        "GET",
                        "/somewhere-else",
                        null,
                        List.of(e(Caller.ANONYMOUS, 401), e(Caller.CUSTOMER, 401))));
    }

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mvc;

    @Autowired
    PathMappedEndpoints actuatorEndpoints;

    @Autowired
    UserDetailsService apiUsers;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LoginThrottleProperties throttle;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    @Order(1)
    void everyEndpointHasARowInTheMatrix() {
        Set<String> endpoints = new TreeSet<>();
        mvc.getHandlerMethods()
                .keySet()
                .forEach(info -> info.getPatternValues().forEach(pattern -> {
                    if (info.getMethodsCondition().getMethods().isEmpty()) {
                        endpoints.add("ANY " + pattern);
                    }
                    info.getMethodsCondition().getMethods().forEach(method -> endpoints.add(method + " " + pattern));
                }));
        endpoints.add(actuatorEndpoints.getBasePath());
        endpoints.addAll(actuatorEndpoints.getAllPaths());

        Set<String> covered = new TreeSet<>();
        doors().stream().filter(door -> door.mapping() != null).forEach(door -> covered.add(door.mapping()));
        assertThat(covered)
                .as("endpoints without a row in the access matrix (add one), or rows for removed endpoints")
                .isEqualTo(endpoints);
    }

    @Test
    @Order(2)
    void everyCallerGetsExactlyTheStatusTheMatrixSays() {
        // Withdrawn at once, so the customer's own changes answer 409: let in, yet nothing changes.
        String aliceOrder = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("matrix-own.example.com").toString())
                .id();
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + aliceOrder + "/cancel", null)
                        .status())
                .isEqualTo(202);
        String orderBefore =
                api.get("alice", "alice-secret", "/api/orders/" + aliceOrder).body();
        String aliceWebhook =
                api.post("alice", "alice-secret", "/api/webhooks", WEBHOOK).id();
        long pushesBefore = pushes();
        List<String> mismatches = new ArrayList<>();
        for (Caller caller : List.of(
                Caller.CAMUNDA_OPERATOR,
                Caller.CUSTOMER,
                Caller.OTHER_CUSTOMER,
                Caller.API_OPERATOR,
                Caller.CA,
                Caller.ANONYMOUS,
                Caller.WRONG_PASSWORD_CUSTOMER,
                Caller.WRONG_PASSWORD_CA)) {
            for (Door door : doors()) {
                door.expected().stream()
                        .filter(expect -> expect.caller() == caller)
                        .forEach(expect -> {
                            Response response = call(door, caller, aliceOrder, aliceWebhook);
                            if (response.status() != expect.status()) {
                                mismatches.add(caller + " " + door.method() + " " + door.path() + ": expected "
                                        + expect.status() + ", got " + response.status() + " " + response.body());
                            } else if (response.status() >= 400 && door.path().startsWith("/api")
                                    || door.path().startsWith("/webhooks") && response.status() >= 400) {
                                assertThat(response.contentType())
                                        .as(door.path())
                                        .startsWith("application/problem+json");
                            }
                        });
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(api.get("alice", "alice-secret", "/api/orders/" + aliceOrder).body())
                .as("nobody changed the order")
                .isEqualTo(orderBefore);
        assertThat(pushes())
                .as("only the CA's two pushes were stored (the GET and POST are the same push)")
                .isEqualTo(pushesBefore + 1);
        assertThat(api.get("bob", "bob-secret", "/api/orders?size=100")
                        .json()
                        .get("items")
                        .findValuesAsText("id"))
                .as("another customer's list")
                .doesNotContain(aliceOrder);
        assertThat(api.get("operator", "Wr0ng-Pa55-operator", "/engine-rest/process-definition")
                        .status())
                .isEqualTo(401);
    }

    @Test
    @Order(3)
    void aPushFromADisallowedAddressIsForbiddenEvenWithTheRightPassword() {
        long before = pushes();
        assertThat(LoopbackPeer.postForm("127.0.0.2", port, "/webhooks/sectigo", "sectigo", "push-secret", PUSH))
                .isEqualTo(403);
        assertThat(LoopbackPeer.postForm("127.0.0.2", port, "/webhooks/sectigo", null, null, PUSH))
                .isEqualTo(403);
        assertThat(pushes()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void failedLoginsAreLoggedWithTheAccountButNeverThePassword(CapturedOutput output) {
        api.get("alice", "Wr0ng-Pa55-logged", "/api/orders");
        api.form("sectigo", "Wr0ng-Pa55-pushed", "/webhooks/sectigo", PUSH);
        api.get("nobody\r\nFAKE LOG LINE", "Wr0ng-Pa55-forged", "/api/orders");

        assertThat(output.getAll())
                .contains("Failed login for account 'alice' from 127.0.0.1")
                .contains("Failed login for account 'sectigo' from 127.0.0.1")
                .contains("Failed login for account 'nobody??FAKE LOG LINE'")
                .doesNotContain("Wr0ng-Pa55");
    }

    @Test
    @Order(5)
    void passwordsAreKeptOnlyAsBcryptHashes() {
        for (String user : List.of("alice", "bob", "ops")) {
            assertThat(apiUsers.loadUserByUsername(user).getPassword())
                    .startsWith("$2a$10$")
                    .doesNotContain("secret");
        }
    }

    @Test
    @Order(6)
    void guessingTheWebhookPasswordIsThrottledPerAddress() {
        for (int i = 0; i < throttle.maxFailures(); i++) {
            assertThat(LoopbackPeer.postForm("127.0.0.4", port, "/webhooks/sectigo", "sectigo", "guess-" + i, PUSH))
                    .isEqualTo(401);
        }
        int blocked = LoopbackPeer.postForm(
                "127.0.0.4", port, "/webhooks/sectigo", "sectigo", "push-secret", "orderNumber=31313132&statusCode=12");
        assertThat(blocked).as("the right password too, once blocked").isEqualTo(429);
        assertThat(LoopbackPeer.postForm(
                        "127.0.0.1",
                        port,
                        "/webhooks/sectigo",
                        "sectigo",
                        "push-secret",
                        "orderNumber=31313133&statusCode=12"))
                .as("another address is not affected")
                .isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM cf_ca_push WHERE ca_order_number = '31313132'", Long.class))
                .isZero();
    }

    @Test
    @Order(7)
    void aWebhookToAnInternalAddressOrWithoutHttpsIsRefused() {
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM cf_webhook_endpoint", Long.class);
        for (String url : List.of(
                "https://127.0.0.1/hook",
                "https://localhost/hook",
                "https://10.0.0.1/hook",
                "https://169.254.169.254/latest/meta-data",
                "https://[fd00:ec2::254]/",
                "https://[::1]:8443/",
                "http://203.0.113.10/hook")) {
            Response response = api.post("alice", "alice-secret", "/api/webhooks", "{\"url\":\"" + url + "\"}");
            assertThat(response.status()).as(url).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asText())
                    .isEqualTo("url");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cf_webhook_endpoint", Long.class))
                .isEqualTo(before);
    }

    private Response call(Door door, Caller caller, String aliceOrder, String aliceWebhook) {
        String path = door.path().replace(ALICE_ORDER, aliceOrder).replace(ALICE_WEBHOOK, aliceWebhook);
        HttpRequest.BodyPublisher body = door.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(door.body());
        HttpRequest.Builder request =
                api.request(caller.user, caller.password, path).method(door.method(), body);
        if (door.body() != null) {
            request.header(
                    "Content-Type",
                    door.body().startsWith("{") ? "application/json" : "application/x-www-form-urlencoded");
        }
        return api.send(request);
    }

    /** The matrix's push: the application is shared with other test classes, whose orders the CA may push meanwhile. */
    private long pushes() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM cf_ca_push WHERE ca_order_number = '31313131'", Long.class);
    }
}
