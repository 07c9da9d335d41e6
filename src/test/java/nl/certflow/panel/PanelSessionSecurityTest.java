package nl.certflow.panel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import nl.certflow.TestCsrs;
import nl.certflow.TestOrders;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The page's session on the API, over real HTTP with a cookie jar: form login gives a session the API accepts, a
 * state-changing call with that session needs its CSRF token, HTTP Basic works as before and never makes a session.
 * Same Spring context as OrderLifecycleTest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PanelSessionSecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    RuntimeService runtime;

    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final HttpClient plain =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void signedInSessionReadsTheApiAndChangesOnlyWithTheCsrfToken() throws Exception {
        assertThat(signIn("alice", "alice-secret").headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/panel/"));
        JsonNode session = json(send(browser, request("/panel/session").header("X-Requested-With", "XMLHttpRequest")));
        assertThat(session.get("name").asText()).isEqualTo("alice");
        assertThat(session.get("operator").asBoolean()).isFalse();
        String header = session.get("csrf").get("headerName").asText();
        String token = session.get("csrf").get("token").asText();

        assertThat(send(browser, request("/api/orders")).statusCode()).isEqualTo(200);
        String order = TestOrders.dv("session.example.com").toString();
        HttpResponse<String> withoutToken = send(browser, post("/api/orders", order));
        assertThat(withoutToken.statusCode())
                .as("a cross-site form would carry the cookie, never the token")
                .isEqualTo(403);
        assertThat(withoutToken.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        HttpResponse<String> withToken =
                send(browser, post("/api/orders", order).header(header, token));
        assertThat(withToken.statusCode()).isEqualTo(201);
        assertThat(json(withToken).get("commonName").asText()).isEqualTo("session.example.com");

        HttpResponse<String> inspected = send(
                browser,
                post(
                                "/api/csr/inspect",
                                JSON.createObjectNode()
                                        .put("csr", TestCsrs.ec("inspect.example.nl", "www.inspect.example.nl"))
                                        .toString())
                        .header(header, token));
        assertThat(inspected.statusCode()).isEqualTo(200);
        assertThat(json(inspected).get("commonName").asText()).isEqualTo("inspect.example.nl");
        assertThat(json(inspected).get("subjectAlternativeNames").get(0).asText())
                .isEqualTo("www.inspect.example.nl");
        assertThat(json(inspected).get("keyAlgorithm").asText()).isEqualTo("EC");
        assertThat(json(inspected).get("keySize").asInt()).isEqualTo(256);

        assertThat(send(browser, post("/panel/logout", "").header(header, token))
                        .statusCode())
                .isEqualTo(302);
        HttpResponse<String> afterLogout =
                send(browser, request("/api/orders").header("X-Requested-With", "XMLHttpRequest"));
        assertThat(afterLogout.statusCode()).isEqualTo(401);
        assertThat(afterLogout.headers().firstValue("WWW-Authenticate"))
                .as("no browser login prompt for the page's calls")
                .isEmpty();
    }

    @Test
    void anOperatorIsSentToTheOrdersProcessInstanceInCockpitACustomerIsNot() throws Exception {
        String id = json(send(
                        plain,
                        post("/api/orders", TestOrders.dv("cockpit.example.com").toString())
                                .header("Authorization", basic("alice", "alice-secret"))))
                .get("id")
                .asText();
        String instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(id)
                .singleResult()
                .getId();

        signIn("alice", "alice-secret");
        assertThat(send(browser, request("/panel/orders/" + id + "/cockpit")).statusCode())
                .isEqualTo(403);

        signIn("ops", "ops-secret");
        HttpResponse<String> link = send(browser, request("/panel/orders/" + id + "/cockpit"));
        assertThat(link.statusCode()).isEqualTo(302);
        assertThat(link.headers().firstValue("Location"))
                .hasValue("/camunda/app/cockpit/default/#/process-instance/" + instance + "/runtime");
        assertThat(send(browser, request("/panel/orders/no-such-order/cockpit")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void wrongPasswordGivesNoSession() throws Exception {
        HttpResponse<String> refused = signIn("alice", "Wr0ng-Pa55-panel");
        assertThat(refused.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/panel/login?error"));
        assertThat(send(browser, request("/panel/session").header("X-Requested-With", "XMLHttpRequest"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(send(browser, request("/api/orders")).statusCode()).isEqualTo(401);
        assertThat(send(browser, request("/panel/")).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/panel/login"));
    }

    @Test
    void signingInNeedsTheLoginFormsCsrfToken() throws Exception {
        HttpResponse<String> forged = send(
                browser,
                request("/panel/login")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=alice-secret")));
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void httpBasicWorksAsBeforeAndMakesNoSession() throws Exception {
        HttpResponse<String> created = send(
                plain,
                post("/api/orders", TestOrders.dv("basic.example.com").toString())
                        .header("Authorization", basic("alice", "alice-secret")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().allValues("Set-Cookie")).isEmpty();
        HttpResponse<String> anonymous = send(
                plain, post("/api/orders", TestOrders.dv("anon.example.com").toString()));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"certflow\"");
        assertThat(anonymous.headers().allValues("Set-Cookie"))
                .as("no session for a refused call")
                .isEmpty();
        assertThat(send(plain, request("/panel/").header("Authorization", basic("alice", "alice-secret")))
                        .statusCode())
                .as("the page signs in with its form, not with Basic")
                .isEqualTo(302);
    }

    private HttpResponse<String> signIn(String user, String password) throws Exception {
        JsonNode csrf = json(send(browser, request("/panel/csrf")));
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&"
                + csrf.get("parameterName").asText() + "="
                + URLEncoder.encode(csrf.get("token").asText(), StandardCharsets.UTF_8);
        HttpResponse<String> response = send(
                browser,
                request("/panel/login")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(response.statusCode()).isEqualTo(302);
        return response;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
    }

    private HttpRequest.Builder post(String path, String json) {
        return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
