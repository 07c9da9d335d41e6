package nl.certflow.system;

import static nl.certflow.process.ProcessVariables.AWAIT_CA_OUTCOME_PROCESS_KEY;
import static nl.certflow.process.ProcessVariables.PROCESS_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import nl.certflow.ApiClient;
import nl.certflow.ApiClient.Response;
import nl.certflow.QuickPollApplicationTest;
import nl.certflow.TestOrders;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The production history level: what an operator still finds in the engine's history, and what is left out. */
@QuickPollApplicationTest
class InstancesAndIncidentsHistoryTest {

    @LocalServerPort
    int port;

    @Autowired
    HistoryService history;

    @Autowired
    ManagementService management;

    @Autowired
    IdentityService identity;

    @Autowired
    ProcessEngineConfiguration configuration;

    @Autowired
    RuntimeService runtime;

    @Test
    @SuppressWarnings(
            "deprecation") // getEndActivityId: Camunda's replacement reads the activity trail this level omits
    void keepsInstancesIncidentsAndOperatorActionsButNoActivityOrVariableTrail() {
        assertThat(configuration.getHistory()).isEqualTo(InstancesAndIncidentsHistory.NAME);
        ApiClient api = new ApiClient(port);
        Response created = api.post(
                "alice",
                "alice-secret",
                "/api/orders",
                TestOrders.dv("history.example.com").toString());
        String id = created.id();
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null)
                        .status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("alice", "alice-secret", "/api/orders/" + id)
                                .json()
                                .get("status")
                                .asText(),
                        "ACTIVE"::equals);
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"test\"}")
                        .status())
                .isEqualTo(202);
        // the order's process and its two waits for the CA, all ended; the two pushes are delivered by the hand-over
        // (a push that came while the order was busy has its own delivery process, which ends too)
        await().atMost(Duration.ofSeconds(30))
                .until(() -> history.createHistoricProcessInstanceQuery()
                                        .processInstanceBusinessKey(id)
                                        .unfinished()
                                        .count()
                                == 0
                        && history.createHistoricProcessInstanceQuery()
                                        .processInstanceBusinessKey(id)
                                        .processDefinitionKey(PROCESS_KEY)
                                        .finished()
                                        .count()
                                == 1);
        assertThat(history.createHistoricProcessInstanceQuery()
                        .processDefinitionKey(PROCESS_KEY)
                        .processInstanceBusinessKey(id)
                        .singleResult()
                        .getEndActivityId())
                .as("how the order's process ended")
                .isEqualTo("Event_OrderRevoked");
        assertThat(
                        history
                                .createHistoricProcessInstanceQuery()
                                .processInstanceBusinessKey(id)
                                .finished()
                                .list()
                                .stream()
                                .map(HistoricProcessInstance::getProcessDefinitionKey)
                                .filter(key -> !key.equals("CaPushDeliveryProcess")))
                .as("the order's process and its two waits for the CA (decision, revocation)")
                .containsExactlyInAnyOrder(PROCESS_KEY, AWAIT_CA_OUTCOME_PROCESS_KEY, AWAIT_CA_OUTCOME_PROCESS_KEY);

        assertThat(history.createHistoricActivityInstanceQuery().count())
                .as("activity trail")
                .isZero();
        assertThat(history.createHistoricVariableInstanceQuery().count())
                .as("variable trail")
                .isZero();

        // A push for an order certflow does not know fails its delivery; the operator gives up on it (retries 0).
        assertThat(api.form(
                                "sectigo",
                                "push-secret",
                                "/webhooks/sectigo",
                                "orderNumber=4040404&statusCode=6&status=Issued")
                        .status())
                .isEqualTo(200);
        String delivery = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> runtime.createProcessInstanceQuery()
                                .processInstanceBusinessKey("CA order 4040404")
                                .singleResult(),
                        instance -> instance != null)
                .getId();
        Job failing = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> management
                                .createJobQuery()
                                .withException()
                                .processInstanceId(delivery)
                                .singleResult(),
                        job -> job != null);
        // the executor may be retrying the job at that moment: the operator's change then fails, rolled back, and
        // is made again (as an operator would click again in Cockpit)
        await().atMost(Duration.ofSeconds(30))
                .ignoreException(OptimisticLockingException.class)
                .untilAsserted(() -> setRetriesAsOperator(failing.getId(), 0));
        assertThat(history.createUserOperationLogQuery()
                        .jobId(failing.getId())
                        .operationType("SetJobRetries")
                        .count())
                .as("the operator's action")
                .isEqualTo(1);
        assertThat(history.createHistoricIncidentQuery()
                        .processInstanceId(failing.getProcessInstanceId())
                        .singleResult()
                        .getIncidentMessage())
                .startsWith("No order has CA order number 4040404");
    }

    private void setRetriesAsOperator(String jobId, int retries) {
        identity.setAuthenticatedUserId("operator");
        try {
            management.setJobRetries(jobId, retries);
        } finally {
            identity.clearAuthentication();
        }
    }
}
