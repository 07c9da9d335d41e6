package nl.certflow.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.certflow.DatabaseIndependent;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.mock.MockExpressionManager;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ReconcileWithCaProcess} on a plain engine (no Spring, a few seconds): its timer start follows the configured
 * cycle, a run without unrepaired drift simply ends, and each order that cannot be repaired becomes its own incident
 * with the delegate's operator hint, which an operator retries once certflow and the CA agree again. The comparison
 * itself is {@link Drift} (DriftTest) and, end to end, ReconciliationDriftTest.
 */
@DatabaseIndependent
class ReconcileWithCaProcessTest {

    private static final String KEY = "ReconcileWithCaProcess";
    private static ProcessEngine engine;
    private static RuntimeService runtime;
    private static ManagementService management;

    private final List<String> unrepaired = new ArrayList<>();
    private final Set<String> stillDrifted = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startEngine() {
        StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
        configuration.setProcessEngineName("certflow-reconciliation-tests");
        configuration.setJdbcUrl("jdbc:h2:mem:certflow-reconciliation-tests;DB_CLOSE_DELAY=-1");
        configuration.setHistory(ProcessEngineConfiguration.HISTORY_ACTIVITY);
        configuration.setJobExecutorActivate(false);
        configuration.setExpressionManager(new MockExpressionManager());
        engine = configuration.buildProcessEngine();
        runtime = engine.getRuntimeService();
        management = engine.getManagementService();
        init(engine);
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @BeforeEach
    void deploy() {
        Mocks.register("reconciliation", new Reconciliation("0 0 2 * * ?", null, 100, null));
        Mocks.register("reconcileWithCa", (JavaDelegate) execution -> execution.setVariable(
                ReconcileWithCaDelegate.UNREPAIRED_DRIFT,
                Variables.objectValue(new ArrayList<>(unrepaired), true).create()));
        Mocks.register("reportUnrepairedDrift", (JavaDelegate) execution -> {
            String number = (String) execution.getVariable(ReportUnrepairedDriftDelegate.CA_ORDER);
            if (stillDrifted.contains(number)) {
                throw new IllegalStateException("Drift: CA order " + number + " (ISSUED) is unknown to certflow."
                        + " Look the order up at the CA.");
            }
        });
        engine.getRepositoryService()
                .createDeployment()
                .addClasspathResource("bpmn/ReconcileWithCaProcess.bpmn")
                .deploy();
    }

    @AfterEach
    void undeploy() {
        engine.getRepositoryService()
                .createDeploymentQuery()
                .list()
                .forEach(d -> engine.getRepositoryService().deleteDeployment(d.getId(), true));
        Mocks.reset();
    }

    @Test
    void theTimerStartsARunAtTheConfiguredCycle() {
        Job timer = management.createJobQuery().timers().singleResult();
        assertThat(timer).as("the timer start event's job").isNotNull();
        LocalDateTime due = LocalDateTime.ofInstant(timer.getDuedate().toInstant(), ZoneId.systemDefault());
        assertThat(due.getHour()).as("0 0 2 * * ?: nightly at 02:00").isEqualTo(2);
        assertThat(due.getMinute()).isZero();

        management.executeJob(timer.getId());

        ProcessInstance run =
                runtime.createProcessInstanceQuery().processDefinitionKey(KEY).singleResult();
        assertThat(run).isWaitingAt("Task_CompareOrdersWithCa");
        assertThat(management.createJobQuery().timers().count())
                .as("the next night's timer")
                .isEqualTo(1);
    }

    @Test
    void aRunWithoutUnrepairedDriftEnds() {
        ProcessInstance run = runtime.startProcessInstanceByKey(KEY);
        runJobs(run);
        assertThat(run)
                .hasPassed("Task_CompareOrdersWithCa", "Event_ReconciliationDone")
                .isEnded();
    }

    @Test
    void eachUnrepairedOrderIsAnIncidentWithItsHintUntilAnOperatorRetriesIt() {
        unrepaired.addAll(List.of("1001", "1002"));
        stillDrifted.addAll(List.of("1001", "1002"));
        ProcessInstance run = runtime.startProcessInstanceByKey(KEY);

        runJobs(run);

        List<Incident> incidents =
                runtime.createIncidentQuery().processInstanceId(run.getId()).list();
        assertThat(incidents).hasSize(2);
        assertThat(incidents)
                .extracting(Incident::getIncidentMessage)
                .containsExactlyInAnyOrder(
                        "Drift: CA order 1001 (ISSUED) is unknown to certflow. Look the order up at the CA.",
                        "Drift: CA order 1002 (ISSUED) is unknown to certflow. Look the order up at the CA.");
        assertThat(run).isWaitingAt("Task_ReportUnrepairedDrift");

        // the operator settled both at the CA and retries the incidents, as Cockpit's "Retry" does
        stillDrifted.clear();
        management
                .createJobQuery()
                .processInstanceId(run.getId())
                .noRetriesLeft()
                .list()
                .forEach(job -> management.setJobRetries(job.getId(), 1));
        runJobs(run);

        assertThat(runtime.createIncidentQuery().processInstanceId(run.getId()).count())
                .isZero();
        assertThat(run).isEnded();
    }

    /** Runs the run's jobs as the job executor would, each failure counting down its retries. */
    private static void runJobs(ProcessInstance run) {
        for (int round = 0; round < 20; round++) {
            List<Job> jobs = management
                    .createJobQuery()
                    .processInstanceId(run.getId())
                    .withRetriesLeft()
                    .list();
            if (jobs.isEmpty()) {
                return;
            }
            for (Job job : jobs) {
                try {
                    management.executeJob(job.getId());
                } catch (RuntimeException expected) {
                    // a failing delegate: the engine counted the retry down (the incident comes at zero)
                }
            }
        }
    }
}
