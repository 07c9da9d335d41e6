package nl.certflow.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.TestOrders;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The operators' migration end to end over HTTP: orders that wait (Open; Aangevraagd with its called wait for the CA)
 * when a new model version is deployed are planned, migrated by engine batches the job executor works off, reported
 * as finished, and then go on living on the new version (submitted → Actief; cancelled → Ingetrokken).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MigrationApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    RepositoryService repository;

    @Autowired
    RuntimeService runtime;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void waitingOrdersMoveToTheNewVersionAndLiveOnThere() {
        String open = create("migrate-open.example.com");
        String requested = create("hold.migrate.example.com");
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + requested + "/submit", null)
                        .status())
                .isEqualTo(202);
        awaitStatus(requested, "REQUESTED");
        await().atMost(PATIENCE)
                .until(() -> runtime.createProcessInstanceQuery()
                                .processDefinitionKey("AwaitCaOutcomeProcess")
                                .processInstanceBusinessKey(requested)
                                .count()
                        == 1);

        repository
                .createDeployment()
                .name("the next release")
                .addClasspathResource("bpmn/CertificateOrderProcess.bpmn")
                .addClasspathResource("bpmn/AwaitCaOutcomeProcess.bpmn")
                .deploy();

        assertThat(api.post("alice", "alice-secret", "/api/operations/migrations/plan", null)
                        .status())
                .as("customers cannot migrate")
                .isEqualTo(403);
        Response plan = api.post("ops", "ops-secret", "/api/operations/migrations/plan", "{}");
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        List<String> lines = texts(plan.json().get("summary"));
        assertThat(lines)
                .as(plan.body())
                .anyMatch(line -> line.startsWith("CertificateOrderProcess: ") && line.contains("running instance(s)"))
                .anyMatch(line -> line.contains(" at 'Wait for submit, change or cancel' (Gateway_AwaitSubmit):"
                        + " moves to Gateway_AwaitSubmit"))
                .anyMatch(line -> line.contains(" at 'Wait for CA decision' (CallActivity_AwaitCaDecision):"
                        + " moves to CallActivity_AwaitCaDecision"))
                .anyMatch(line -> line.contains(" at 'Wait for a push or the poll' (Gateway_AwaitCaChange)"))
                .contains("  Can be migrated as it is.")
                .doesNotContain("  Cannot be migrated until the decisions above are taken; a run leaves this version"
                        + " alone.");

        Response run = api.post("ops", "ops-secret", "/api/operations/migrations/run", null);
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        List<String> batchIds = run.json().get("batches").findValuesAsText("batchId");
        assertThat(run.json().get("batches").findValuesAsText("processDefinitionKey"))
                .contains("CertificateOrderProcess", "AwaitCaOutcomeProcess");
        for (String batchId : batchIds) {
            JsonNode report = await().atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> api.get("ops", "ops-secret", "/api/operations/migrations/" + batchId)
                                    .json(),
                            batch -> batch.get("finished").asBoolean());
            assertThat(report.get("stillOnSourceVersion").asLong())
                    .as(report.toString())
                    .isZero();
            assertThat(report.get("jobsFailed").asLong()).isZero();
            assertThat(texts(report.get("summary"))).anyMatch(line -> line.startsWith("Finished. "));
        }
        assertThat(definitionOf(open)).isEqualTo(newest("CertificateOrderProcess"));
        assertThat(definitionOf(requested)).isEqualTo(newest("CertificateOrderProcess"));

        api.post("alice", "alice-secret", "/api/orders/" + open + "/submit", null);
        awaitStatus(open, "ACTIVE");
        api.post("alice", "alice-secret", "/api/orders/" + requested + "/cancel", "{\"reason\":\"migrated\"}");
        awaitStatus(requested, "REVOKED");
    }

    @Test
    void anUnknownProcessOrBatchIsAProblemNotAnError() {
        Response unknown = api.post(
                "ops", "ops-secret", "/api/operations/migrations/plan", "{\"processDefinitionKey\":\"NoSuchProcess\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("detail").asText())
                .isEqualTo("No process with the key 'NoSuchProcess' is deployed.");
        Response noBatch = api.get("ops", "ops-secret", "/api/operations/migrations/nothing-here");
        assertThat(noBatch.status()).isEqualTo(404);
        assertThat(noBatch.contentType()).startsWith("application/problem+json");
    }

    private String definitionOf(String orderId) {
        return runtime.createProcessInstanceQuery()
                .processDefinitionKey("CertificateOrderProcess")
                .processInstanceBusinessKey(orderId)
                .singleResult()
                .getProcessDefinitionId();
    }

    private String newest(String key) {
        ProcessDefinition definition = repository
                .createProcessDefinitionQuery()
                .processDefinitionKey(key)
                .latestVersion()
                .singleResult();
        return definition.getId();
    }

    private String create(String commonName) {
        Response created = api.post(
                "alice",
                "alice-secret",
                "/api/orders",
                TestOrders.dv(commonName).toString());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.id();
    }

    private void awaitStatus(String id, String status) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("alice", "alice-secret", "/api/orders/" + id)
                        .json()
                        .get("status")
                        .asText()
                        .equals(status));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
