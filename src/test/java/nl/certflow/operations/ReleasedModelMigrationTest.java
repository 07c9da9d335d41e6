package nl.certflow.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import nl.certflow.DatabaseIndependent;
import nl.certflow.operations.WaitStates.WaitState;
import nl.certflow.process.CaPolling;
import nl.certflow.process.Reconciliation;
import nl.certflow.process.ReissueTimer;
import nl.certflow.process.RenewalReminders;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.camunda.bpm.engine.test.mock.MockExpressionManager;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The promise to analysts that a model change keeps running orders movable: for every released model kept under
 * {@code src/test/resources/released/<release date>/} (add each release's models there), an instance is put into
 * <em>every</em> wait state of every released process, the current models from {@code bpmn/} are deployed on top, and
 * {@link MigrationPlanner} must plan and run the migration of all of them as an engine batch, each instance ending up
 * at the same wait state of the current model. A change that would strand orders fails here in words an analyst
 * can act on (which wait state, which release, why). A plain engine, no Spring: a few seconds.
 */
@DatabaseIndependent
class ReleasedModelMigrationTest {

    private static ProcessEngine engine;
    private static RepositoryService repository;
    private static RuntimeService runtime;
    private static ManagementService management;

    @BeforeAll
    static void startEngine() {
        ProcessEngineConfiguration configuration =
                ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration();
        configuration.setProcessEngineName("certflow-migration-tests");
        configuration.setJdbcUrl("jdbc:h2:mem:certflow-migration-tests;DB_CLOSE_DELAY=-1");
        configuration.setHistory(ProcessEngineConfiguration.HISTORY_NONE);
        configuration.setJobExecutorActivate(false);
        ((ProcessEngineConfigurationImpl) configuration).setExpressionManager(new MockExpressionManager());
        engine = configuration.buildProcessEngine();
        repository = engine.getRepositoryService();
        runtime = engine.getRuntimeService();
        management = engine.getManagementService();
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    @AfterEach
    void forgetEverything() {
        repository.createDeploymentQuery().list().forEach(d -> repository.deleteDeployment(d.getId(), true));
        Mocks.reset();
    }

    static Stream<String> releases() throws URISyntaxException {
        File[] folders = folder("released").listFiles(File::isDirectory);
        assertThat(folders)
                .as("released models under src/test/resources/released/")
                .isNotEmpty();
        return Arrays.stream(folders).map(File::getName).sorted();
    }

    /** An order placed in one wait state of the released model. */
    record Placed(String processKey, WaitState waitState, String instanceId) {

        String describe(String release) {
            return processKey + " " + waitState.label() + ", " + waitState.kind() + " (released " + release + ")";
        }
    }

    @ParameterizedTest(name = "orders in every wait state of the model released {0} move to the current model")
    @MethodSource("releases")
    void ordersInEveryWaitStateOfTheReleasedModelMoveToTheCurrentModel(String release) throws URISyntaxException {
        Mocks.register("caPolling", new CaPolling(Duration.ofHours(3)));
        Mocks.register("renewalReminders", new RenewalReminders(List.of(30, 14, 7)));
        Mocks.register("reissueTimer", new ReissueTimer());
        Mocks.register("reconciliation", new Reconciliation("0 0 2 * * ?", Duration.ofDays(398), 100, Duration.ZERO));
        deploy("released " + release, folder("released/" + release));
        List<Placed> placed = placeAnOrderInEveryWaitState(release);

        deploy("current", folder("bpmn"));
        MigrationPlanner planner = new MigrationPlanner(engine);
        MigrationReport plan = planner.plan(null);
        if (!plan.migratable()) {
            fail("Running orders of the model released " + release + " cannot be moved to the current model in"
                    + " bpmn/. What the migration would say to an operator:\n  "
                    + String.join("\n  ", plan.summary())
                    + "\nSee bpmn/README.md, 'New versions and running orders': keep the ids of wait states.");
        }

        List<StartedMigration> started = planner.run(null, "the build");
        List<String> failures = workOffBatches(started);
        assertThat(failures)
                .as("migration jobs that failed for orders of the model released " + release)
                .isEmpty();
        for (StartedMigration migration : started) {
            MigrationBatchReport report = planner.report(migration);
            assertThat(report.finished()).as(String.join(" ", report.summary())).isTrue();
            assertThat(report.stillOnSourceVersion()).isZero();
        }

        List<String> stranded = new ArrayList<>();
        for (Placed order : placed) {
            ProcessInstance instance = runtime.createProcessInstanceQuery()
                    .processInstanceId(order.instanceId())
                    .singleResult();
            ProcessDefinition current = repository
                    .createProcessDefinitionQuery()
                    .processDefinitionKey(order.processKey())
                    .latestVersion()
                    .singleResult();
            if (instance == null) {
                stranded.add(order.describe(release) + ": the order ended during the migration");
            } else if (!instance.getProcessDefinitionId().equals(current.getId())) {
                stranded.add(order.describe(release) + ": still on " + instance.getProcessDefinitionId());
            } else if (!waitsAt(instance.getId(), order.waitState().id())) {
                stranded.add(order.describe(release) + ": moved, but no longer waits there");
            }
        }
        assertThat(stranded)
                .as("orders of the model released " + release + " that did not arrive at the same wait state")
                .isEmpty();
    }

    @ParameterizedTest(name = "a renamed wait state of the model released {0} is reported in words")
    @MethodSource("releases")
    void aRenamedWaitStateIsReportedAndItsOrdersAreLeftAlone(String release) throws Exception {
        Mocks.register("caPolling", new CaPolling(Duration.ofHours(3)));
        Mocks.register("renewalReminders", new RenewalReminders(List.of(30, 14, 7)));
        Mocks.register("reissueTimer", new ReissueTimer());
        Mocks.register("reconciliation", new Reconciliation("0 0 2 * * ?", Duration.ofDays(398), 100, Duration.ZERO));
        deploy("released " + release, folder("released/" + release));
        placeAnOrderInEveryWaitState(release);
        String renamed = Files.readString(new File(folder("bpmn"), "CertificateOrderProcess.bpmn").toPath())
                .replace("CallActivity_AwaitCaDecision", "CallActivity_WaitForCaDecision");
        repository
                .createDeployment()
                .name("a careless change")
                .addString("CertificateOrderProcess.bpmn", renamed)
                .deploy();
        MigrationPlanner planner = new MigrationPlanner(engine);

        MigrationReport plan = planner.plan("CertificateOrderProcess");

        assertThat(plan.migratable()).isFalse();
        assertThat(String.join("\n", plan.summary()))
                .contains("1 at 'Wait for CA decision' (CallActivity_AwaitCaDecision): NO counterpart in the newest"
                        + " version")
                .contains("the new model has no element with the id CallActivity_AwaitCaDecision.")
                .contains("Keep the element's id in the new model")
                .contains("Cannot be migrated until the decisions above are taken");
        assertThat(planner.run("CertificateOrderProcess", "the build"))
                .as("a run leaves a version that needs a decision alone")
                .isEmpty();
    }

    private List<Placed> placeAnOrderInEveryWaitState(String release) {
        List<Placed> placed = new ArrayList<>();
        List<String> unplaceable = new ArrayList<>();
        for (ProcessDefinition definition :
                repository.createProcessDefinitionQuery().latestVersion().list()) {
            for (WaitState waitState : WaitStates.of(repository.getBpmnModelInstance(definition.getId()))) {
                String orderId = "order-at-" + waitState.id();
                ProcessInstance instance = runtime.createProcessInstanceById(definition.getId())
                        .businessKey(orderId)
                        .setVariables(variablesOfAnOrder(orderId))
                        .startBeforeActivity(waitState.id())
                        .execute(true, true);
                Placed order = new Placed(definition.getKey(), waitState, instance.getId());
                if (waitsAt(instance.getId(), waitState.id())) {
                    placed.add(order);
                } else {
                    unplaceable.add(order.describe(release));
                }
            }
        }
        assertThat(unplaceable)
                .as("wait states the test could not put an order in")
                .isEmpty();
        assertThat(placed).as("orders placed in the released model").isNotEmpty();
        return placed;
    }

    /** What an order's instance carries while it waits (a year-long certificate, the CA's order number). */
    private static Map<String, Object> variablesOfAnOrder(String orderId) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("orderId", orderId);
        variables.put("status", "REQUESTED");
        variables.put("caOrderNumber", "1001");
        variables.put("decidedOutcomes", "ISSUED,REJECTED,REVOKED,EXPIRED");
        variables.put("prevalidationRequired", false);
        variables.put("notAfter", Date.from(Instant.now().plus(Duration.ofDays(365))));
        return variables;
    }

    /** Runs the batches' seed, migration and monitor jobs as the job executor would; returns the failures. */
    private static List<String> workOffBatches(List<StartedMigration> started) {
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            List<Job> jobs = new ArrayList<>();
            for (StartedMigration migration : started) {
                Batch batch = management
                        .createBatchQuery()
                        .batchId(migration.batchId())
                        .singleResult();
                if (batch != null) {
                    for (String definition : List.of(
                            batch.getSeedJobDefinitionId(),
                            batch.getBatchJobDefinitionId(),
                            batch.getMonitorJobDefinitionId())) {
                        jobs.addAll(
                                management
                                                        .createJobQuery()
                                                        .jobDefinitionId(definition)
                                                        .noRetriesLeft()
                                                        .count()
                                                > 0
                                        ? List.of()
                                        : management
                                                .createJobQuery()
                                                .jobDefinitionId(definition)
                                                .list());
                    }
                }
            }
            if (jobs.isEmpty() || !failures.isEmpty()) {
                return failures;
            }
            for (Job job : jobs) {
                try {
                    management.executeJob(job.getId());
                } catch (RuntimeException e) {
                    failures.add(e.getMessage());
                }
            }
        }
        return failures;
    }

    private static boolean waitsAt(String instanceId, String activityId) {
        ActivityInstance tree = runtime.getActivityInstance(instanceId);
        return tree != null
                && (tree.getActivityInstances(activityId).length > 0
                        || Arrays.stream(tree.getTransitionInstances(activityId))
                                .map(TransitionInstance::getActivityId)
                                .anyMatch(activityId::equals));
    }

    private static void deploy(String name, File folder) {
        DeploymentBuilder deployment = repository.createDeployment().name(name);
        File[] models = folder.listFiles((dir, file) -> file.endsWith(".bpmn"));
        assertThat(models).as("BPMN files in " + folder).isNotEmpty();
        for (File model : models) {
            try {
                deployment.addInputStream(model.getName(), Files.newInputStream(model.toPath()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Deployment deployed = deployment.deploy();
        assertThat(repository
                        .createProcessDefinitionQuery()
                        .deploymentId(deployed.getId())
                        .count())
                .as("processes deployed from " + folder)
                .isPositive();
    }

    private static File folder(String path) throws URISyntaxException {
        URL url = ReleasedModelMigrationTest.class.getClassLoader().getResource(path);
        assertThat(url).as(path + " on the test classpath").isNotNull();
        return new File(url.toURI());
    }
}
