package nl.certflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import nl.certflow.ca.simulator.SimulatedCaSigner;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The embedded default across a restart: the H2 file keeps orders, history and the simulated CA's key, and the
 * unchanged models are not deployed again. The URL is a plain one, as a user who moves the database writes it.
 */
class RestartTest {

    @TempDir
    Path data;

    @Test
    void ordersTheSimulatedCaAndTheDeploymentSurviveARestart() {
        String id;
        String caCertificate;
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = new ApiClient(port(first));
            id = api.post(
                            "alice",
                            "alice-secret",
                            "/api/orders",
                            TestOrders.dv("restart.example.com").toString())
                    .id();
            api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("alice", "alice-secret", "/api/orders/" + id)
                            .json()
                            .get("status")
                            .asText()
                            .equals("ACTIVE"));
            caCertificate = first.getBean(SimulatedCaSigner.class).caCertificatePem();
            if (first.getEnvironment().getProperty("spring.datasource.url", "").startsWith("jdbc:h2:")) {
                assertThat(first.getBean(JdbcTemplate.class)
                                .queryForList(
                                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'",
                                        String.class))
                        .as("the plain file URL is made durable (H2Durability)")
                        .isNotEmpty()
                        .containsOnly("0");
            }
            assertThat(first.getBean(RepositoryService.class)
                            .createDeploymentQuery()
                            .count())
                    .isEqualTo(1);
        }

        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = new ApiClient(port(second));
            JsonNode order =
                    api.get("alice", "alice-secret", "/api/orders/" + id).json();
            assertThat(order.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(order.get("history").size()).isEqualTo(4);
            assertThat(second.getBean(SimulatedCaSigner.class).caCertificatePem())
                    .isEqualTo(caCertificate);
            RepositoryService repository = second.getBean(RepositoryService.class);
            assertThat(repository.createDeploymentQuery().count())
                    .as("unchanged models are not redeployed")
                    .isEqualTo(1);
            assertThat(repository
                            .createProcessDefinitionQuery()
                            .processDefinitionKey("CertificateOrderProcess")
                            .latestVersion()
                            .singleResult()
                            .getVersion())
                    .isEqualTo(1);

            api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"after restart\"}");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("alice", "alice-secret", "/api/orders/" + id)
                            .json()
                            .get("status")
                            .asText()
                            .equals("REVOKED"));
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CertflowApplication.class)
                .profiles("test")
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:file:"
                                + data.resolve("certflow").toAbsolutePath());
    }

    private static int port(ConfigurableApplicationContext context) {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }
}
