package nl.certflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.TestOrders;
import nl.certflow.ca.CaOrderRequest;
import nl.certflow.ca.CaReissueRequest;
import nl.certflow.ca.CaRevocation;
import nl.certflow.ca.CaState;
import nl.certflow.ca.CaStatus;
import nl.certflow.ca.CaSubmission;
import nl.certflow.ca.CertificateAuthority;
import nl.certflow.ca.simulator.SimulatedCertificateAuthority;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * The CA can answer faster than our own transaction commits: here its push is acknowledged while the "Submit order
 * to CA" job is still running, so the order is not yet waiting (and does not even know its CA order number). The
 * push must not be lost: it is delivered once the wait state exists. The simulated CA is "silent", so no other push
 * arrives, and the poll interval is hours, so only this push can move the order.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "certflow.ca.simulator.decision-delay=PT0S")
@ActiveProfiles("test")
class PushBeforeWaitStateTest {

    @TestConfiguration
    static class PushingWhileSubmitting {

        /** Places the order at the simulated CA, waits for its decision, and pushes it before returning. */
        @Bean
        @Primary
        CertificateAuthority pushingWhileSubmitting(SimulatedCertificateAuthority simulator, Environment environment) {
            return new CertificateAuthority() {
                @Override
                public CaSubmission submit(CaOrderRequest request) {
                    CaSubmission submission = simulator.submit(request);
                    await().atMost(Duration.ofSeconds(10))
                            .until(() ->
                                    simulator.collect(submission.orderNumber()).state() == CaState.ISSUED);
                    ApiClient api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
                    Response push = api.form(
                            "sectigo",
                            "push-secret",
                            "/webhooks/sectigo",
                            "orderNumber=" + submission.orderNumber() + "&certificateID=" + submission.certificateId()
                                    + "&eventType=Certificate&status=Issued&statusCode=6");
                    assertThat(push.status()).isEqualTo(200);
                    return submission;
                }

                @Override
                public void cancel(String caOrderNumber, String reason) {
                    simulator.cancel(caOrderNumber, reason);
                }

                @Override
                public CaStatus collect(String caOrderNumber) {
                    return simulator.collect(caOrderNumber);
                }

                @Override
                public CaSubmission replace(CaReissueRequest request) {
                    return simulator.replace(request);
                }

                @Override
                public void revoke(CaRevocation revocation) {
                    simulator.revoke(revocation);
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void pushAcknowledgedBeforeTheWaitStateIsDeliveredOnceItExists() {
        ApiClient api = new ApiClient(port);
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("silent.example.com").toString())
                .id();
        api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);

        JsonNode active = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("alice", "alice-secret", "/api/orders/" + id)
                                .json(),
                        order -> "ACTIVE".equals(order.get("status").asText()));

        String orderNumber = active.get("ca").get("orderNumber").asText();
        assertThat(jdbc.queryForObject(
                        "SELECT outcome FROM cf_ca_push WHERE ca_order_number = ?", String.class, orderNumber))
                .isEqualTo("delivered");
        assertThat(active.get("certificate").get("pem").asText()).startsWith("-----BEGIN CERTIFICATE-----");
    }
}
