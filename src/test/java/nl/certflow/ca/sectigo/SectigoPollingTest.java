package nl.certflow.ca.sectigo;

import static nl.certflow.ca.sectigo.OrderDriver.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Sectigo's pushes all get lost: the poll fallback ({@code certflow.ca.poll-interval}, PT1S here) carries the order. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"certflow.ca.provider=sectigo", "certflow.ca.poll-interval=PT1S"})
@ActiveProfiles("test")
@DirtiesContext
class SectigoPollingTest {

    private static final SectigoStub SECTIGO = SectigoStub.started();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    OrderDriver orders;

    @DynamicPropertySource
    static void sectigo(DynamicPropertyRegistry registry) {
        SECTIGO.connect(registry);
    }

    @BeforeEach
    void connect() {
        orders = new OrderDriver(port);
    }

    @AfterAll
    static void stopStub() {
        SECTIGO.close();
    }

    @Test
    void lostPushesAreRecoveredByPollingIssueAndRevocation() {
        String id = orders.submitDv("polled.sectigo.example");
        String orderNumber =
                orders.awaitStatus(id, "REQUESTED").get("ca").get("orderNumber").asText();

        SECTIGO.issue(orderNumber);
        JsonNode active = orders.awaitStatus(id, "ACTIVE");
        assertThat(active.get("certificate").get("pem").asText())
                .isEqualToIgnoringNewLines(
                        SECTIGO.order(orderNumber).certificate.pem());

        orders.cancel(id, "no longer needed");
        JsonNode revoked = orders.awaitStatus(id, "REVOKED");

        assertThat(history(revoked))
                .containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "ACTIVE", "ACTIVE/CANCEL", "REVOKED");
        assertThat(SECTIGO.order(orderNumber).state).isEqualTo(SectigoStub.State.REVOKED);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cf_ca_push", Long.class))
                .as("no push at all")
                .isZero();
    }

    @Test
    void pollingKeepsWaitingWhileSectigoIsStillValidating() {
        String id = orders.submitDv("slow-validation.sectigo.example");
        String orderNumber =
                orders.awaitStatus(id, "REQUESTED").get("ca").get("orderNumber").asText();

        await().atMost(OrderDriver.PATIENCE)
                .until(() -> SECTIGO.requestsTo(SectigoStub.COLLECT).stream()
                                .filter(r -> orderNumber.equals(r.form().get("orderNumber")))
                                .count()
                        >= 2);

        JsonNode order = orders.get(id);
        assertThat(order.get("status").asText()).isEqualTo("REQUESTED");
        assertThat(history(order)).containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED");
    }
}
