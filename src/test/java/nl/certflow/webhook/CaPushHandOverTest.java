package nl.certflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import nl.certflow.ApiClient;
import nl.certflow.TestOrders;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The webhook's answer only stores a push; these are the ways a stored push reaches its order. A push for a known order
 * that takes it is delivered by the hand-over itself, without a delivery process (PushBeforeWaitStateTest: one that
 * comes before its order is known or waiting gets one).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class CaPushHandOverTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HistoryService history;

    /** What a node killed between its answer to the CA and the hand-over leaves behind: found by the poll. */
    @Test
    void aPushStoredButNeverHandedOverIsDeliveredByThePoll() {
        String id = requestedOrder("hold.handover.example.com");
        String orderNumber = jdbc.queryForObject("SELECT ca_order_number FROM cf_order WHERE id = ?", String.class, id);
        jdbc.update("""
                INSERT INTO cf_ca_push (dedup_key, received_at, ca_order_number, status_code, status_desc)
                VALUES ('left-behind', CURRENT_TIMESTAMP, ?, 12, 'awaiting brand validation')""", orderNumber);

        await().atMost(PATIENCE)
                .until(
                        () -> jdbc.queryForObject(
                                "SELECT outcome FROM cf_ca_push WHERE dedup_key = 'left-behind'", String.class),
                        "recorded in the history"::equals);
        assertThat(jdbc.queryForObject(
                        "SELECT handed_over_at FROM cf_ca_push WHERE dedup_key = 'left-behind'", Object.class))
                .isNotNull();
        assertThat(history.createHistoricProcessInstanceQuery()
                        .processDefinitionKey("CaPushDeliveryProcess")
                        .processInstanceBusinessKey(id)
                        .count())
                .as("delivered by the hand-over, no delivery process")
                .isZero();
    }

    /** More pushes at once than one hand-over transaction takes: every one gets exactly one delivery. */
    @Test
    void aBurstLargerThanOneBatchIsHandedOverCompletelyAndOnce() {
        String id = requestedOrder("hold.burst.example.com");
        String orderNumber = jdbc.queryForObject("SELECT ca_order_number FROM cf_order WHERE id = ?", String.class, id);
        ApiClient api = new ApiClient(port);
        int pushes = CaPushHandOver.BATCH + 30;
        for (int i = 0; i < pushes; i++) {
            assertThat(api.form(
                                    "sectigo",
                                    "push-secret",
                                    "/webhooks/sectigo",
                                    "orderNumber=" + orderNumber + "&statusCode=12&status=Awaiting+brand+validation+"
                                            + i)
                            .status())
                    .isEqualTo(200);
        }

        await().atMost(PATIENCE)
                .until(() -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM cf_ca_push WHERE ca_order_number = ? AND outcome IS NOT NULL",
                                Long.class,
                                orderNumber)
                        == pushes);
        List<String> notes = jdbc.queryForList(
                "SELECT reason FROM cf_order_history WHERE order_id = ? AND reason LIKE 'CA: %'", String.class, id);
        assertThat(notes).hasSize(pushes);
        assertThat(history.createHistoricProcessInstanceQuery()
                        .processDefinitionKey("CaPushDeliveryProcess")
                        .processInstanceBusinessKey(id)
                        .count())
                .as("delivered by the hand-over, no delivery process")
                .isZero();
    }

    private String requestedOrder(String commonName) {
        ApiClient api = new ApiClient(port);
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv(commonName).toString())
                .id();
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null)
                        .status())
                .isEqualTo(202);
        await().atMost(PATIENCE)
                .until(
                        () -> jdbc.queryForObject("SELECT status FROM cf_order WHERE id = ?", String.class, id),
                        "REQUESTED"::equals);
        return id;
    }
}
