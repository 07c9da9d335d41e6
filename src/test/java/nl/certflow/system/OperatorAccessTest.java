package nl.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.TestOrders;
import org.camunda.bpm.admin.Admin;
import org.camunda.bpm.admin.impl.DefaultAdminRuntimeDelegate;
import org.camunda.bpm.cockpit.Cockpit;
import org.camunda.bpm.cockpit.impl.DefaultCockpitRuntimeDelegate;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.camunda.bpm.tasklist.Tasklist;
import org.camunda.bpm.tasklist.impl.DefaultTasklistRuntimeDelegate;
import org.camunda.bpm.welcome.Welcome;
import org.camunda.bpm.welcome.impl.DefaultWelcomeRuntimeDelegate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * Operators' doors: engine REST, Cockpit and actuator let the operator in and nobody else. The test client counts as
 * a trusted proxy, so a request's X-Forwarded-For plays a caller from another address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class OperatorAccessTest {

    private static final String ATTACKERS = "198.51.100."; // TEST-NET-2 (RFC 5737)

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProcessEngine engine;

    @Autowired
    LoginThrottleProperties throttle;

    ApiClient api;

    /**
     * Engine REST and Cockpit find the engine in Camunda's static registry, which every Spring context of this test
     * JVM overwrites (and a closed one empties): put this context's engine back. The webapps' runtimes are static
     * too, and a test application closed since this cached context started (RestartTest, OperatorPasswordTest)
     * left them empty: set them up as a starting webapp does.
     */
    @BeforeEach
    void client() {
        ProcessEngines.registerProcessEngine(engine);
        if (Cockpit.getRuntimeDelegate() == null) {
            Cockpit.setCockpitRuntimeDelegate(new DefaultCockpitRuntimeDelegate());
        }
        if (Admin.getRuntimeDelegate() == null) {
            Admin.setAdminRuntimeDelegate(new DefaultAdminRuntimeDelegate());
        }
        if (Tasklist.getRuntimeDelegate() == null) {
            Tasklist.setTasklistRuntimeDelegate(new DefaultTasklistRuntimeDelegate());
        }
        if (Welcome.getRuntimeDelegate() == null) {
            Welcome.setRuntimeDelegate(new DefaultWelcomeRuntimeDelegate());
        }
        api = new ApiClient(port);
    }

    @Test
    void engineRestNeedsTheOperatorAccount() {
        Response operator =
                api.get("operator", "operator-secret", "/engine-rest/process-definition?key=CertificateOrderProcess");
        assertThat(operator.status()).isEqualTo(200);
        assertThat(operator.json().get(0).get("key").asText()).isEqualTo("CertificateOrderProcess");

        assertThat(api.get(null, null, "/engine-rest/process-definition").status())
                .isEqualTo(401);
        assertThat(api.get("alice", "alice-secret", "/engine-rest/process-definition")
                        .status())
                .isEqualTo(401);
        assertThat(api.get("ops", "ops-secret", "/engine-rest/process-definition")
                        .status())
                .isEqualTo(401);
        assertThat(api.get("operator", "wrong", "/engine-rest/process-definition")
                        .status())
                .isEqualTo(401);
        assertThat(api.get("operator", "operator-secret", "/engine-rest/process-definition")
                        .status())
                .as("a wrong password does not hold the operator back")
                .isEqualTo(200);

        // Camunda leaves the list of engines open to anyone
        assertThat(api.get(null, null, "/engine-rest/engine").status()).isEqualTo(401);
        assertThat(api.get("alice", "alice-secret", "/engine-rest/engine").status())
                .isEqualTo(401);
        Response engines = api.get("operator", "operator-secret", "/engine-rest/engine");
        assertThat(engines.status()).isEqualTo(200);
        assertThat(engines.json().findValuesAsText("name")).contains("default");
    }

    @Test
    void guessingTheOperatorPasswordHoldsBackTheGuessingAddressesNeverTheOperator() {
        // 30 addresses × the throttle's allowance of wrong passwords: far beyond Camunda's own lock (for good after
        // 10 failed logins)
        for (int address = 1; address <= 30; address++) {
            String attacker = ATTACKERS + address;
            for (int guess = 0; guess < throttle.maxFailures(); guess++) {
                assertThat(engineRest(attacker, "guess-" + guess).status()).isEqualTo(401);
            }
            Response blocked = engineRest(attacker, "operator-secret");
            assertThat(blocked.status())
                    .as("the guessing address, even with the right password")
                    .isEqualTo(429);
            assertThat(blocked.contentType()).startsWith("application/problem+json");
        }
        assertThat(api.get("operator", "operator-secret", "/engine-rest/process-definition")
                        .status())
                .as("the operator from its own address")
                .isEqualTo(200);
        assertThat(engineRest(ATTACKERS + "200", "operator-secret").status())
                .as("any other address")
                .isEqualTo(200);
    }

    @Test
    void guessingAtCockpitsLoginIsThrottledToo() throws Exception {
        String attacker = ATTACKERS + "100";
        for (int guess = 0; guess < throttle.maxFailures(); guess++) {
            assertThat(login("operator", "guess-" + guess, attacker).status()).isEqualTo(401);
        }
        assertThat(login("operator", "operator-secret", attacker).status()).isEqualTo(429);
        assertThat(login("operator", "operator-secret", null).status())
                .as("the operator from its own address")
                .isEqualTo(200);
    }

    private Response engineRest(String forwardedFor, String password) {
        return api.send(api.request("operator", password, "/engine-rest/engine")
                .header("X-Forwarded-For", forwardedFor)
                .GET());
    }

    @Test
    void cockpitLogsInTheOperatorOnlyAndItsApiIsClosedToOthers() throws Exception {
        assertThat(api.get(null, null, "/camunda/api/engine/engine/default/process-definition")
                        .status())
                .isIn(401, 403);
        assertThat(login("alice", "alice-secret", null).status()).isIn(401, 403);
        Response operator = login("operator", "operator-secret", null);
        assertThat(operator.status()).as(operator.body()).isEqualTo(200);
        assertThat(operator.json().get("userId").asText()).isEqualTo("operator");
    }

    @Test
    void healthIsPublicWithItsComponentsAndTheEngineMetricsForOperators() {
        for (String customer : new String[] {null, "alice"}) {
            Response health = api.get(customer, customer == null ? null : "alice-secret", "/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("UP");
            assertThat(health.json().has("components"))
                    .as("components shown to %s", customer)
                    .isFalse();
        }
        Response health = api.get("ops", "ops-secret", "/actuator/health");
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().get("components").fieldNames())
                .toIterable()
                .contains("db", "jobExecutor", "processEngine");

        assertThat(api.get(null, null, "/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api.get("alice", "alice-secret", "/actuator/prometheus").status())
                .isEqualTo(403);
        api.post(
                "alice",
                "alice-secret",
                "/api/orders",
                TestOrders.dv("metrics.example.com").toString());
        Response metrics = api.get("ops", "ops-secret", "/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains(
                        "certflow_orders{status=\"OPEN\"}",
                        "certflow_incidents_open",
                        "certflow_webhook_pushes_waiting");
    }

    @Test
    void operatorListsAnIncidentAndRetriesItThroughEngineRest() {
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("hold.example.com").toString())
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
        String orderNumber = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> api.get("alice", "alice-secret", "/api/orders/" + id)
                                .json(),
                        order -> !order.get("ca").isNull())
                .get("ca")
                .get("orderNumber")
                .asText();

        // The CA pushes with a number certflow does not know (say, a typo on its side): kept, retried, then an
        // incident.
        assertThat(api.form("sectigo", "push-secret", "/webhooks/sectigo", "orderNumber=12121212&statusCode=7")
                        .status())
                .isEqualTo(200);
        JsonNode job = await()
                .atMost(Duration.ofSeconds(20))
                .until(
                        () -> operatorGet(
                                        "/engine-rest/job?processDefinitionKey=CaPushDeliveryProcess&withException=true")
                                .json(),
                        jobs -> jobs.findValuesAsText("exceptionMessage").stream()
                                .anyMatch(m -> m.contains("12121212")))
                .findParents("exceptionMessage")
                .stream()
                .filter(j -> j.get("exceptionMessage").asText().contains("12121212"))
                .findFirst()
                .orElseThrow();
        String jobId = job.get("id").asText();
        setRetries(jobId, 0);

        JsonNode incidents =
                operatorGet("/engine-rest/incident?configuration=" + jobId).json();
        assertThat(incidents.size()).isEqualTo(1);
        assertThat(incidents.get(0).get("incidentMessage").asText()).contains("No order has CA order number 12121212");

        // The operator corrects the number and retries the job, as Cockpit's "retry" does.
        jdbc.update("UPDATE cf_ca_push SET ca_order_number = ? WHERE ca_order_number = '12121212'", orderNumber);
        setRetries(jobId, 1);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> operatorGet("/engine-rest/incident?configuration=" + jobId)
                                .json()
                                .size()
                        == 0);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "delivered"
                        .equals(jdbc.queryForObject(
                                "SELECT outcome FROM cf_ca_push WHERE ca_order_number = ? AND status_code = 7",
                                String.class,
                                orderNumber)));
    }

    /**
     * The executor may be running the job's next try at that very moment: Camunda answers the collision with 500
     * (ENGINE-03005, optimistic locking) and the operator simply tries again.
     */
    private void setRetries(String jobId, int retries) {
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> operatorPut("/engine-rest/job/" + jobId + "/retries", "{\"retries\":" + retries + "}")
                                .status(),
                        status -> status == 204);
    }

    /**
     * Logs in as Cockpit's page does: with the session and CSRF cookies of the start page and the token header;
     * from {@code forwardedFor} when not null.
     */
    private Response login(String user, String password, String forwardedFor) throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient()
                .send(
                        api.request(null, null, "/camunda/app/cockpit/default/")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        List<String> cookies = page.headers().allValues("Set-Cookie").stream()
                .map(cookie -> cookie.split(";", 2)[0])
                .toList();
        String token = cookies.stream()
                .filter(cookie -> cookie.startsWith("XSRF-TOKEN="))
                .findFirst()
                .orElseThrow()
                .substring("XSRF-TOKEN=".length());
        HttpRequest.Builder login = api.request(null, null, "/camunda/api/admin/auth/user/default/login/cockpit");
        if (forwardedFor != null) {
            login.header("X-Forwarded-For", forwardedFor);
        }
        return api.send(login.header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", String.join("; ", cookies))
                .header("X-XSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)));
    }

    private Response operatorGet(String path) {
        return api.get("operator", "operator-secret", path);
    }

    private Response operatorPut(String path, String json) {
        return api.send(api.request("operator", "operator-secret", path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }
}
