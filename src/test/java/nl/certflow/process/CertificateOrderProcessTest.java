package nl.certflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import nl.certflow.TestOrders;
import nl.certflow.ca.CaState;
import nl.certflow.ca.CertificateAuthority;
import nl.certflow.order.Caller;
import nl.certflow.order.Order;
import nl.certflow.order.OrderRequests.CompanyBody;
import nl.certflow.order.OrderRequests.CreateOrder;
import nl.certflow.order.OrderRequests.PatchOrder;
import nl.certflow.order.OrderService;
import nl.certflow.order.OrderStatus;
import nl.certflow.order.OrderStore;
import nl.certflow.order.PendingTransition;
import nl.certflow.prevalidation.BasisprofielParser;
import nl.certflow.prevalidation.CompanyRegistry;
import nl.certflow.prevalidation.OfflineCompanyRegistry;
import nl.certflow.prevalidation.RegisteredCompany;
import nl.certflow.prevalidation.RegistryUnavailableException;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;

/**
 * Every path of {@code CertificateOrderProcess}, step by step: the job executor is off, jobs are executed by the
 * test, the CA's answers are scripted, and the control panel's calls go through {@link OrderService}.
 */
@SpringBootTest(properties = "camunda.bpm.job-execution.enabled=false")
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificateOrderProcessTest {

    @TestConfiguration
    static class ScriptedCa {
        @Bean
        @Primary
        ScriptedCertificateAuthority scriptedCertificateAuthority(Clock clock) {
            return new ScriptedCertificateAuthority(clock);
        }

        @Bean
        ProcessCoverage processCoverage() {
            return new ProcessCoverage();
        }

        /** The offline register, which the test can take down as KvK's API goes down (5xx, 429, timeouts). */
        @Bean
        @Primary
        SwitchableRegistry switchableRegistry() {
            return new SwitchableRegistry(new OfflineCompanyRegistry(new BasisprofielParser()));
        }
    }

    static final class SwitchableRegistry implements CompanyRegistry {
        private final CompanyRegistry registry;
        volatile boolean down;

        SwitchableRegistry(CompanyRegistry registry) {
            this.registry = registry;
        }

        @Override
        public Optional<RegisteredCompany> findByKvkNumber(String kvkNumber) {
            if (down) {
                throw new RegistryUnavailableException("KvK Basisprofiel lookup of " + kvkNumber + " failed: HTTP 503");
            }
            return registry.findByKvkNumber(kvkNumber);
        }
    }

    private static final Caller ALICE = new Caller("alice", false);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired ProcessEngine engine;
    @Autowired RuntimeService runtime;
    @Autowired ManagementService management;
    @Autowired HistoryService history;
    @Autowired RepositoryService repository;
    @Autowired OrderService orders;
    @Autowired OrderStore store;
    @Autowired ScriptedCertificateAuthority ca;
    @Autowired CertificateAuthority injectedCa;
    @Autowired SwitchableRegistry registry;
    @Autowired ProcessCoverage coverage;

    @BeforeEach
    void setUp() {
        init(engine);
        ca.reset();
        registry.down = false;
        assertThat(injectedCa).isSameAs(ca);
    }

    @Test
    void issuedAfterAPendingAnswerThenRevokedOnCancel() {
        ProcessInstance instance = submittedDvOrder("www.example.com");
        runAsyncStep(instance);
        assertThat(instance).isWaitingAt("Gateway_AwaitCaDecision").hasVariables("caOrderNumber");
        assertStatus(instance, OrderStatus.REQUESTED, null);

        caReports(instance, CaState.PENDING);
        assertThat(instance).hasPassed("Gateway_CaDecisionDecided").isWaitingAt("Gateway_AwaitCaDecision");

        caReports(instance, CaState.ISSUED);
        assertThat(instance).hasPassed("Task_MarkOrderActive").isWaitingAt("Gateway_AwaitActiveEvent");
        assertStatus(instance, OrderStatus.ACTIVE, null);

        caReports(instance, CaState.ISSUED);
        assertThat(instance).hasPassed("Task_CollectActiveStatus").isWaitingAt("Gateway_AwaitActiveEvent");

        cancel(instance);
        assertStatus(instance, OrderStatus.ACTIVE, PendingTransition.CANCEL);
        runAsyncStep(instance);
        assertThat(ca.cancellations).hasSize(1);
        assertThat(instance).isWaitingAt("Gateway_AwaitRevocation");

        ca.answer(CaState.ISSUED);
        execute(timerOf(instance, "Event_RevocationPollDue"));
        runAsyncStep(instance);
        assertThat(instance).hasPassed("Event_RevocationPollDue").isWaitingAt("Gateway_AwaitRevocation");

        caReports(instance, CaState.REVOKED);
        assertThat(instance).hasPassed("Event_RevocationConfirmed", "Task_MarkOrderRevoked").isEnded();
        assertStatus(instance, OrderStatus.REVOKED, null);
    }

    @Test
    void pollingFindsTheDecisionWhenNoPushArrives() {
        ProcessInstance instance = submittedDvOrder("silent.example.com");
        runAsyncStep(instance);
        ca.answer(CaState.ISSUED);
        execute(timerOf(instance, "Event_CaDecisionPollDue"));
        runAsyncStep(instance);
        assertThat(instance).hasPassed("Event_CaDecisionPollDue", "Task_MarkOrderActive").isWaitingAt("Gateway_AwaitActiveEvent");
    }

    @Test
    void rejectedByTheCa() {
        ProcessInstance instance = submittedDvOrder("reject.example.com");
        runAsyncStep(instance);
        caReports(instance, CaState.REJECTED);
        assertThat(instance).hasPassed("Gateway_IssuedOrRejected", "Task_MarkOrderRejected", "Event_OrderRejected").isEnded();
        assertStatus(instance, OrderStatus.REJECTED, null);
    }

    @Test
    void refusedAtSubmissionEndsRejectedWithTheCasMessage() {
        ProcessInstance instance = submittedDvOrder("refused.example.com");
        ca.refuseNextSubmit("-7 Invalid CSR");
        runAsyncStep(instance);
        assertThat(instance).hasPassed("Event_CaRefusedOrder", "Task_MarkOrderRejected").isEnded();
        Order order = store.find(instance.getBusinessKey()).orElseThrow();
        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.history().get(order.history().size() - 1).reason()).contains("-7 Invalid CSR");
    }

    @Test
    void cancelWhileOpenWithdrawsWithoutTheCa() {
        Order order = orders.create(ALICE, body(TestOrders.dv("open.example.com")));
        ProcessInstance instance = instanceOf(order.id());
        assertThat(instance).isWaitingAt("Gateway_AwaitSubmit").isWaitingFor("Msg_SubmitOrder", "Msg_CancelOrder");
        orders.cancel(ALICE, order.id(), "changed my mind");
        assertThat(instance).hasPassed("Event_CancelRequestedWhileOpen", "Task_WithdrawOrder", "Event_OrderWithdrawn").isEnded();
        assertThat(ca.cancellations).isEmpty();
        assertStatus(instance, OrderStatus.REVOKED, null);
    }

    @Test
    void failedPrevalidationWaitsForCorrectedDataThenGoesToTheCa() {
        Order order = orders.create(ALICE, body(TestOrders.ovDutch("shop.example.nl", "Wrong Name", "68750110")));
        ProcessInstance instance = instanceOf(order.id());
        orders.submit(ALICE, order.id());
        runAsyncStep(instance);
        assertThat(instance).hasPassed("Event_PrevalidationFailed", "Task_RecordFailedPrevalidation")
                .isWaitingAt("Gateway_AwaitCorrection");
        assertStatus(instance, OrderStatus.OPEN, PendingTransition.REQUEST);

        orders.patch(ALICE, order.id(), new PatchOrder(null, null, null,
                JSON.convertValue(TestOrders.company("Test BV Donald", "68750110"), CompanyBody.class)));
        assertThat(instance).hasPassed("Event_OrderChanged");
        runAsyncStep(instance);
        assertThat(instance).hasPassed("Gateway_PrevalidationDone");
        runAsyncStep(instance);
        assertThat(instance).isWaitingAt("Gateway_AwaitCaDecision");
        assertStatus(instance, OrderStatus.REQUESTED, null);
    }

    @Test
    void registryOutageIsRetriedNotAFailedPrevalidation() {
        Order order = orders.create(ALICE, body(TestOrders.ovDutch("down.example.nl", "Test BV Donald", "68750110")));
        ProcessInstance instance = instanceOf(order.id());
        orders.submit(ALICE, order.id());
        registry.down = true;

        Job job = management.createJobQuery().processInstanceId(instance.getId()).singleResult();
        assertThatThrownBy(() -> management.executeJob(job.getId()))
                .hasMessageContaining("KvK Basisprofiel lookup of 68750110 failed: HTTP 503");
        Job retried = management.createJobQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(retried.getRetries()).as("retried with back-off, not failed").isEqualTo(job.getRetries() - 1);
        assertThat(retried.getDuedate()).isAfter(job.getDuedate() == null ? new Date(0) : job.getDuedate());
        assertThat(retried.getExceptionMessage()).contains("HTTP 503");
        assertStatus(instance, OrderStatus.OPEN, PendingTransition.REQUEST);
        assertThat(store.find(order.id()).orElseThrow().prevalidation().outcome()).isNull();

        management.setJobRetries(retried.getId(), 0);
        assertThat(runtime.createIncidentQuery().processInstanceId(instance.getId()).singleResult().getIncidentMessage())
                .contains("HTTP 503");

        registry.down = false;
        management.setJobRetries(retried.getId(), 1);
        runAsyncStep(instance);
        assertThat(instance).hasPassed("Task_PrevalidateCompany").isWaitingAt("Task_SubmitOrderToCa");
        assertThat(runtime.createIncidentQuery().processInstanceId(instance.getId()).count()).isZero();
    }

    @Test
    void cancelAfterFailedPrevalidationWithdraws() {
        Order order = orders.create(ALICE, body(TestOrders.ovDutch("shop2.example.nl", "Wrong Name", "68750110")));
        ProcessInstance instance = instanceOf(order.id());
        orders.submit(ALICE, order.id());
        runAsyncStep(instance);
        orders.cancel(ALICE, order.id(), "gave up");
        assertThat(instance).hasPassed("Event_CancelRequestedAfterFailure", "Task_WithdrawOrder").isEnded();
        assertStatus(instance, OrderStatus.REVOKED, null);
    }

    @Test
    void cancelWhileRequestedIsConfirmedByTheCa() {
        ProcessInstance instance = submittedDvOrder("hold.example.com");
        runAsyncStep(instance);
        cancel(instance);
        assertThat(instance).hasPassed("Event_CancelRequestedWhileRequested", "Task_MarkCancellationPending");
        assertStatus(instance, OrderStatus.REQUESTED, PendingTransition.CANCEL);
        runAsyncStep(instance);
        assertThat(instance).isWaitingAt("Gateway_AwaitCancellation");

        execute(timerOf(instance, "Event_CancellationPollDue"));
        runAsyncStep(instance);
        assertThat(instance).hasPassed("Gateway_CancellationDecided").isWaitingAt("Gateway_AwaitCancellation");

        caReports(instance, CaState.REJECTED);
        assertThat(instance).hasPassed("Gateway_CancellationOutcome", "Task_MarkOrderRevoked").isEnded();
        assertStatus(instance, OrderStatus.REVOKED, null);
    }

    @Test
    void issuedWhileCancellationPendingIsRevokedAndEndsRevoked() {
        ProcessInstance instance = submittedDvOrder("race.example.com");
        runAsyncStep(instance);
        cancel(instance);
        runAsyncStep(instance);
        caReports(instance, CaState.ISSUED);
        assertThat(instance).hasPassed("Task_MarkActiveCancellationPending", "Gateway_CancellationPending")
                .isWaitingAt("Task_RequestRevocationAtCa");
        assertStatus(instance, OrderStatus.ACTIVE, PendingTransition.CANCEL);
        runAsyncStep(instance);
        assertThat(ca.cancellations).hasSize(2);
        caReports(instance, CaState.REVOKED);
        assertThat(instance).isEnded();
        assertStatus(instance, OrderStatus.REVOKED, null);
    }

    @Test
    void activeCertificateExpiresAtNotAfter() {
        ProcessInstance instance = activeOrder("expire.example.com");
        execute(timerOf(instance, "Event_CertificateExpired"));
        assertThat(instance).hasPassed("Task_MarkOrderExpired", "Event_OrderExpired").isEnded();
        assertStatus(instance, OrderStatus.EXPIRED, null);
    }

    @Test
    void expiryWhileRevocationIsPendingEndsExpired() {
        ProcessInstance instance = activeOrder("expire2.example.com");
        cancel(instance);
        runAsyncStep(instance);
        assertThat(instance).isWaitingAt("Gateway_AwaitRevocation");
        execute(timerOf(instance, "Event_CertificateExpired"));
        assertThat(instance).hasPassed("Task_MarkOrderExpired").isEnded();
        assertStatus(instance, OrderStatus.EXPIRED, null);
    }

    @Test
    void revokedByTheCaWithoutACancel() {
        ProcessInstance instance = activeOrder("compromised.example.com");
        caReports(instance, CaState.REVOKED);
        assertThat(instance).hasPassed("Event_RevokedByCa", "Task_MarkOrderRevoked").isEnded();
        assertStatus(instance, OrderStatus.REVOKED, null);
    }

    /** The guard the analysts rely on: across this class every flow node and sequence flow was taken at least once. */
    @AfterAll
    void everyFlowNodeAndSequenceFlowIsCovered() throws Exception {
        String definitionId = repository.createProcessDefinitionQuery().processDefinitionKey(ProcessVariables.PROCESS_KEY)
                .latestVersion().singleResult().getId();
        BpmnModelInstance model = repository.getBpmnModelInstance(definitionId);
        Set<String> all = model.getModelElementsByType(FlowNode.class).stream().map(FlowNode::getId).collect(Collectors.toSet());
        Set<String> passed = history.createHistoricActivityInstanceQuery().processDefinitionId(definitionId).list().stream()
                .map(HistoricActivityInstance::getActivityId).collect(Collectors.toCollection(HashSet::new));
        assertThat(all).as("the model has flow nodes").isNotEmpty();
        assertThat(coverage.report(ProcessVariables.PROCESS_KEY, model, passed))
                .as("flow nodes and sequence flows no process test reaches (target/process-test-coverage)").isEmpty();
    }

    private ProcessInstance submittedDvOrder(String commonName) {
        Order order = orders.create(ALICE, body(TestOrders.dv(commonName)));
        orders.submit(ALICE, order.id());
        ProcessInstance instance = instanceOf(order.id());
        assertThat(instance).hasPassed("Task_MarkRequestPending", "Gateway_PrevalidationRequired")
                .isWaitingAt("Task_SubmitOrderToCa");
        return instance;
    }

    private ProcessInstance activeOrder(String commonName) {
        ProcessInstance instance = submittedDvOrder(commonName);
        runAsyncStep(instance);
        caReports(instance, CaState.ISSUED);
        assertThat(instance).isWaitingAt("Gateway_AwaitActiveEvent");
        return instance;
    }

    /** A push as the delivery process hands it over, followed by the collect job it triggers. */
    private void caReports(ProcessInstance instance, CaState state) {
        ca.answer(state);
        runtime.createMessageCorrelation("Msg_CaStatusChanged").processInstanceBusinessKey(instance.getBusinessKey()).correlate();
        runAsyncStep(instance);
    }

    /** Executes the instance's one pending asynchronous continuation (a CA or KvK call), as the job executor would. */
    private void runAsyncStep(ProcessInstance instance) {
        execute(management.createJobQuery().processInstanceId(instance.getId()).messages().singleResult());
    }

    private void cancel(ProcessInstance instance) {
        orders.cancel(ALICE, instance.getBusinessKey(), "test cancel");
    }

    private Job timerOf(ProcessInstance instance, String activityId) {
        return management.createJobQuery().processInstanceId(instance.getId()).activityId(activityId).timers().singleResult();
    }

    private ProcessInstance instanceOf(String orderId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(orderId)
                .processDefinitionKey(ProcessVariables.PROCESS_KEY).singleResult();
    }

    private void assertStatus(ProcessInstance instance, OrderStatus status, PendingTransition pending) {
        Order order = store.find(instance.getBusinessKey()).orElseThrow();
        assertThat(order.status()).isEqualTo(status);
        assertThat(order.pendingTransition()).isEqualTo(pending);
    }

    private static CreateOrder body(Object json) {
        return JSON.convertValue(json, CreateOrder.class);
    }
}
