package nl.certflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import nl.certflow.ApiClient.Response;
import nl.certflow.events.WebhookReceiver;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two certflow nodes on one PostgreSQL database, both with their job executor on: a Camunda homogeneous cluster as
 * in docker-compose.yml. Orders are created, submitted and cancelled on node A; every CA push arrives at node B (A's
 * simulated CA pushes to B, and A's own webhook admits no address that could push); the expiry timers of many
 * certificates fall due at the same moment. Whichever node runs a job, each timer and each push acts once. Both
 * nodes deliver webhooks: alice's receiver gets each of her events once, in sequence order.
 */
class ClusterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int EXPIRING = 12;
    private static final int REJECTED = 3;
    private static final int CANCELLED_WHILE_REQUESTED = 3;
    private static final int REVOKED_WHEN_ACTIVE = 3;

    private ConfigurableApplicationContext nodeA;
    private ConfigurableApplicationContext nodeB;
    private ApiClient apiA;
    private JdbcTemplate database;
    private WebhookReceiver receiver;

    // Per test, not per class: JUnit reports a test skipped (with the reason) only when the assumption fails here.
    @BeforeEach
    void startTwoNodes() throws IOException {
        PostgresTestDatabase.assumeAvailable();
        PostgresTestDatabase server = PostgresTestDatabase.server();
        String url = server.createDatabase();
        // One after the other, as in docker-compose.yml: the first node creates the schemas and deploys the models.
        nodeB = start("nodeB", server, url, "--certflow.webhook.sectigo.allowed-ips=127.0.0.1,::1");
        String webhookOfB = "http://127.0.0.1:" + port(nodeB) + "/webhooks/sectigo";
        nodeA = start(
                "nodeA",
                server,
                url,
                "--certflow.ca.simulator.push-url=" + webhookOfB,
                // TEST-NET-1 (RFC 5737): no push can reach A's webhook, so every push the orders need lands on B.
                "--certflow.webhook.sectigo.allowed-ips=192.0.2.1");
        apiA = new ApiClient(port(nodeA));
        database = nodeA.getBean(JdbcTemplate.class);
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stopNodes() {
        ClockUtil.reset();
        if (receiver != null) {
            receiver.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
    }

    @Test
    void everyOrderEndsRightWithEachTimerAndPushActedOnOnce() {
        Response webhook = apiA.post("alice", "alice-secret", "/api/webhooks", "{\"url\":\"" + receiver.url() + "\"}");
        assertThat(webhook.status()).isEqualTo(201);
        receiver.secret(webhook.json().get("secret").asText());
        List<String> expiring = submitted(EXPIRING, i -> shortLived("exp-" + i + ".cluster.example"));
        List<String> rejected = submitted(REJECTED, i -> TestOrders.dv("reject.r" + i + ".cluster.example"));
        List<String> held = submitted(CANCELLED_WHILE_REQUESTED, i -> TestOrders.dv("hold.h" + i + ".cluster.example"));
        List<String> revoked = submitted(REVOKED_WHEN_ACTIVE, i -> TestOrders.dv("rev-" + i + ".cluster.example"));

        held.forEach(id -> awaitStatus(id, "REQUESTED"));
        held.forEach(id -> cancelOnA(id));
        revoked.forEach(id -> awaitStatus(id, "ACTIVE"));
        revoked.forEach(id -> cancelOnA(id));
        rejected.forEach(id -> assertThat(OrderLifecycleTest.history(awaitStatus(id, "REJECTED")))
                .containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "REJECTED"));
        held.forEach(id -> assertThat(OrderLifecycleTest.history(awaitStatus(id, "REVOKED")))
                .containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "REQUESTED/CANCEL", "REVOKED"));
        revoked.forEach(id -> assertThat(OrderLifecycleTest.history(awaitStatus(id, "REVOKED")))
                .containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "ACTIVE", "ACTIVE/CANCEL", "REVOKED"));

        Instant lastNotAfter = expiring.stream()
                .map(id -> awaitStatus(id, "ACTIVE"))
                .map(order ->
                        Instant.parse(order.get("certificate").get("notAfter").asText()))
                .max(Instant::compareTo)
                .orElseThrow();
        awaitNoJobLocked();
        // ClockUtil is the JVM's: both nodes' engines see every expiry timer due at once.
        ClockUtil.setCurrentTime(Date.from(lastNotAfter.plusSeconds(60)));
        expiring.forEach(id -> assertThat(OrderLifecycleTest.history(awaitStatus(id, "EXPIRED")))
                .containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "ACTIVE", "EXPIRED"));

        assertThat(database.queryForList("""
                SELECT order_id, status, pending_transition, COUNT(*) AS times FROM cf_order_history
                GROUP BY order_id, status, pending_transition HAVING COUNT(*) > 1""")).as("double transitions").isEmpty();
        assertThat(nodeB.getBean(HistoryService.class)
                        .createHistoricActivityInstanceQuery()
                        .activityId("Event_CertificateExpired")
                        .count())
                .as("expiry timers fired")
                .isEqualTo(EXPIRING);
        assertEachPushDeliveredOnce(expiring, rejected, held, revoked);
        awaitNoJobLocked();
        assertThat(nodeA.getBean(RuntimeService.class).createIncidentQuery().count())
                .as("incidents")
                .isZero();
        assertThat(nodeA.getBean(RuntimeService.class)
                        .createProcessInstanceQuery()
                        .count())
                .as("process instances still running")
                .isZero();
        assertThat(jobsRunPerNode())
                .as("jobs run per node")
                .hasSize(2)
                .allSatisfy(jobs -> assertThat(jobs).isPositive());
        assertEachEventDeliveredOnceInOrder();
    }

    /** The receiver never fails, so no event may arrive twice although both nodes deliver. */
    private void assertEachEventDeliveredOnceInOrder() {
        assertThat(aliceFeed()).hasSizeGreaterThan(EXPIRING * 5);
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(receiver.eventIds())
                        .as("each event once, in sequence order")
                        .isEqualTo(aliceFeed()));
        assertThat(receiver.badSignatures()).isZero();
    }

    private List<String> aliceFeed() {
        List<String> feed = new ArrayList<>();
        JsonNode page = apiA.get("alice", "alice-secret", "/api/events?after=0&limit=1000")
                .json();
        while (!page.get("items").isEmpty()) {
            page.get("items").forEach(event -> feed.add(event.get("id").asText()));
            page = apiA.get(
                            "alice",
                            "alice-secret",
                            "/api/events?limit=1000&after=" + page.get("next").asLong())
                    .json();
        }
        return feed;
    }

    /** The engines' own metric of successful jobs, one row per reporter (host$engine name): proof the work was shared. */
    private List<Long> jobsRunPerNode() {
        List.of(nodeA, nodeB)
                .forEach(node -> node.getBean(ProcessEngineConfigurationImpl.class)
                        .getDbMetricsReporter()
                        .reportNow());
        return database.queryForList(
                "SELECT SUM(value_) FROM act_ru_meter_log WHERE name_ = 'job-successful' GROUP BY reporter_",
                Long.class);
    }

    private void assertEachPushDeliveredOnce(
            List<String> expiring, List<String> rejected, List<String> held, List<String> revoked) {
        List<Map<String, Object>> pushes =
                database.queryForList("SELECT order_id, status_code, outcome FROM cf_ca_push");
        assertThat(pushes)
                .allSatisfy(push ->
                        assertThat(push.get("outcome")).as("push %s", push).isEqualTo("delivered"));
        assertThat(codesOf(pushes, expiring)).containsOnly(List.of(6));
        assertThat(codesOf(pushes, rejected)).containsOnly(List.of(7));
        assertThat(codesOf(pushes, held)).containsOnly(List.of(7));
        assertThat(codesOf(pushes, revoked)).containsOnly(List.of(6, 8));
        assertThat(pushes).hasSize(EXPIRING + REJECTED + CANCELLED_WHILE_REQUESTED + 2 * REVOKED_WHEN_ACTIVE);
    }

    /** Per order, the status codes of the pushes delivered to it, in code order. */
    private static List<List<Integer>> codesOf(List<Map<String, Object>> pushes, List<String> orderIds) {
        return orderIds.stream()
                .map(id -> pushes.stream()
                        .filter(push -> id.equals(push.get("order_id")))
                        .map(push -> ((Number) push.get("status_code")).intValue())
                        .sorted()
                        .toList())
                .toList();
    }

    private ConfigurableApplicationContext start(String name, PostgresTestDatabase server, String url, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + server.username(),
                "--spring.datasource.password=" + server.password(),
                "--camunda.bpm.process-engine-name=" + name,
                "--certflow.ca.simulator.decision-delay=PT0.2S",
                "--certflow.ca.simulator.cancellation-delay=PT0.2S",
                // the clock jumps months ahead for the expiry timers: the nightly reconciliation would start in the
                // middle of the count of running instances (it is tested on its own)
                "--certflow.reconciliation.cycle=R/2099-01-01T02:00:00/P1D"));
        args.addAll(List.of(more));
        // The postgres profile as in production; the test profile adds the accounts and short job-executor waits.
        return new SpringApplicationBuilder(CertflowApplication.class)
                .profiles("postgres", "test")
                .run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext node) {
        return node.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    private List<String> submitted(int count, IntFunction<ObjectNode> order) {
        return IntStream.range(0, count)
                .mapToObj(order)
                .map(body -> {
                    Response created = apiA.post("alice", "alice-secret", "/api/orders", body.toString());
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                    assertThat(apiA.post("alice", "alice-secret", "/api/orders/" + created.id() + "/submit", null)
                                    .status())
                            .isEqualTo(202);
                    return created.id();
                })
                .toList();
    }

    private static ObjectNode shortLived(String commonName) {
        ObjectNode order = TestOrders.dv(commonName);
        order.put("validityDays", 1);
        return order;
    }

    private void cancelOnA(String id) {
        assertThat(apiA.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"cluster test\"}")
                        .status())
                .isEqualTo(202);
    }

    private JsonNode awaitStatus(String id, String status) {
        return await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> apiA.get("alice", "alice-secret", "/api/orders/" + id)
                                .json(),
                        order -> status.equals(order.get("status").asText())
                                && order.get("pendingTransition").isNull());
    }

    private void awaitNoJobLocked() {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> database.queryForObject(
                                "SELECT COUNT(*) FROM act_ru_job WHERE lock_owner_ IS NOT NULL", Long.class)
                        == 0);
    }
}
