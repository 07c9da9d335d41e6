package nl.certflow.ca.sectigo;

import static nl.certflow.ca.sectigo.OrderDriver.history;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import nl.certflow.TestOrders;
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

    /**
     * Sectigo's DCV status per domain (CollectSSL with showMDCDomainDetails=Y: {@code N_domainName} /
     * {@code N_dcvStatus}) reaches the order at each poll; a change is a history line, a domain still waiting is none.
     */
    @Test
    void eachPollBringsSectigosDcvStatusPerDomain() {
        ObjectNode body = TestOrders.dv("mdc.sectigo.example");
        body.putArray("subjectAlternativeNames").add("shop.sectigo.example").add("blog.sectigo.example");
        String id = orders.submit(body);
        String orderNumber =
                orders.awaitStatus(id, "REQUESTED").get("ca").get("orderNumber").asText();
        SECTIGO.dcvStatus(orderNumber, "shop.sectigo.example", SectigoStub.DCV_NOT_VALIDATED);

        SECTIGO.dcvStatus(orderNumber, "shop.sectigo.example", SectigoStub.DCV_VALIDATED);
        JsonNode order = await().atMost(OrderDriver.PATIENCE)
                .until(() -> orders.get(id), o -> "VALIDATED".equals(domainStatus(o, "shop.sectigo.example")));

        assertThat(domainStatus(order, "mdc.sectigo.example")).isEqualTo("PENDING");
        assertThat(order.get("status").asText()).isEqualTo("REQUESTED");
        assertThat(OrderDriver.lastReason(order)).isEqualTo("DCV: shop.sectigo.example validated");
        assertThat(history(order)).containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "REQUESTED");
        assertThat(SECTIGO.requestsTo(SectigoStub.COLLECT).get(0).form())
                .containsEntry("showMDCDomainDetails", "Y")
                .containsEntry("showFQDN", "Y");
        assertThat(SECTIGO.orderFor(id).orElseThrow().domainNames)
                .as("AutoApplySSL named the SAN from the order body, not only the CSR's common name")
                .containsExactly("mdc.sectigo.example", "shop.sectigo.example", "blog.sectigo.example");
        assertThat(SECTIGO.requestsTo(SectigoStub.APPLY).stream()
                        .filter(r -> id.equals(r.form().get("foreignOrderNumber")))
                        .findFirst()
                        .orElseThrow()
                        .form())
                .containsEntry("primaryDomainName", "mdc.sectigo.example")
                .containsEntry("dcvEmailAddresses", "CNAMECSRHASH,CNAMECSRHASH,CNAMECSRHASH");

        SECTIGO.dcvStatus(orderNumber, "mdc.sectigo.example", SectigoStub.DCV_VALIDATED);
        SECTIGO.issue(orderNumber);
        JsonNode active = orders.awaitStatus(id, "ACTIVE");
        assertThat(domainStatus(active, "mdc.sectigo.example")).isEqualTo("VALIDATED");
        assertThat(active.get("history").findValuesAsText("reason"))
                .as("one line per change, none twice")
                .containsOnlyOnce("DCV: shop.sectigo.example validated");
    }

    /** A single-domain order: the order's dcvStatus (1) for its fqdn. */
    @Test
    void aSingleDomainIsValidatedWhenSectigosDcvStatusSaysSo() {
        String id = orders.submitDv("single-dcv.sectigo.example");
        String orderNumber =
                orders.awaitStatus(id, "REQUESTED").get("ca").get("orderNumber").asText();

        SECTIGO.dcvStatus(orderNumber, "single-dcv.sectigo.example", SectigoStub.DCV_VALIDATED);
        JsonNode order = await().atMost(OrderDriver.PATIENCE)
                .until(() -> orders.get(id), o -> "VALIDATED".equals(domainStatus(o, "single-dcv.sectigo.example")));

        assertThat(OrderDriver.lastReason(order)).isEqualTo("DCV: single-dcv.sectigo.example validated");
    }

    private static String domainStatus(JsonNode order, String domain) {
        for (JsonNode entry : order.get("dcv").get("domains")) {
            if (domain.equals(entry.get("domain").asText())) {
                return entry.get("status").asText();
            }
        }
        throw new AssertionError("no DCV entry for " + domain + " in " + order.get("dcv"));
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
