package nl.certflow.operations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nl.certflow.operations.MigrationReport.VersionPlan;
import nl.certflow.operations.MigrationReport.Waiting;
import nl.certflow.operations.WaitStates.WaitState;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.batch.BatchStatistics;
import org.camunda.bpm.engine.management.ActivityStatistics;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationInstructionBuilder;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanBuilder;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CatchEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * Moves running instances of older process versions onto the newest one with the engine's migration API (Camunda CE
 * has the API but not Cockpit's migration screen). Activities are mapped by id ({@code mapEqualActivities}), timers
 * and messages follow the new model ({@code updateEventTriggers}). {@link #plan} changes nothing and says in words
 * where the instances wait and what has no counterpart; {@link #run} starts one engine batch per older version, which
 * Cockpit's batch view shows and the job executor works off (resumable: a failed job is retried, not lost).
 */
public final class MigrationPlanner {

    private static final int MAX_ROUNDS = 10;

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final ManagementService management;

    public MigrationPlanner(ProcessEngine engine) {
        this.repository = engine.getRepositoryService();
        this.runtime = engine.getRuntimeService();
        this.management = engine.getManagementService();
    }

    /** The dry run for every process (or the one key given) with instances on an older version. */
    public MigrationReport plan(String processDefinitionKey) {
        List<VersionPlan> versions = new ArrayList<>();
        for (String key : keys(processDefinitionKey)) {
            ProcessDefinition target = latest(key);
            for (ProcessDefinition source : olderVersionsWithInstances(target)) {
                versions.add(planVersion(source, target).report());
            }
        }
        return new MigrationReport(versions, summary(versions));
    }

    /**
     * Starts a batch for each older version that needs no decision; versions that do are left as they are (the
     * report says why). Returns the batches started.
     */
    public List<StartedMigration> run(String processDefinitionKey, String operator) {
        List<StartedMigration> started = new ArrayList<>();
        for (String key : keys(processDefinitionKey)) {
            ProcessDefinition target = latest(key);
            for (ProcessDefinition source : olderVersionsWithInstances(target)) {
                Planned planned = planVersion(source, target);
                if (!planned.report().migratable()) {
                    continue;
                }
                long instances = instancesOf(source);
                Batch batch = runtime.newMigration(planned.plan())
                        .processInstanceQuery(
                                runtime.createProcessInstanceQuery().processDefinitionId(source.getId()))
                        .skipCustomListeners()
                        .executeAsync();
                started.add(new StartedMigration(
                        batch.getId(),
                        key,
                        source.getVersion(),
                        source.getId(),
                        target.getVersion(),
                        target.getId(),
                        instances,
                        operator,
                        Instant.now()));
            }
        }
        return started;
    }

    /** Where a batch stands; the engine removes a batch once all its jobs succeeded. */
    public MigrationBatchReport report(StartedMigration started) {
        Batch batch = management.createBatchQuery().batchId(started.batchId()).singleResult();
        long remaining = 0;
        long failed = 0;
        List<String> failures = new ArrayList<>();
        if (batch != null) {
            BatchStatistics statistics = management
                    .createBatchStatisticsQuery()
                    .batchId(batch.getId())
                    .singleResult();
            remaining = statistics == null ? 0 : statistics.getRemainingJobs();
            failed = statistics == null ? 0 : statistics.getFailedJobs();
            for (Job job : management
                    .createJobQuery()
                    .jobDefinitionId(batch.getBatchJobDefinitionId())
                    .withException()
                    .list()) {
                failures.add(job.getExceptionMessage());
            }
        }
        long stillOnSource = runtime.createProcessInstanceQuery()
                .processDefinitionId(started.sourceDefinitionId())
                .count();
        // Done when every job succeeded; the monitor job deletes the batch itself only at its next poll (30 s).
        boolean finished = batch == null || remaining == 0 && failed == 0;
        List<String> summary = new ArrayList<>();
        String versions = started.processDefinitionKey() + " version " + started.sourceVersion() + " → version "
                + started.targetVersion();
        summary.add(versions + ": " + started.instances() + " instance(s) selected by " + started.startedBy() + " at "
                + started.startedAt() + ".");
        if (finished) {
            summary.add("Finished. " + (started.instances() - stillOnSource) + " moved (or ended meanwhile), "
                    + stillOnSource + " still on version " + started.sourceVersion() + ".");
        } else if (failed > 0) {
            summary.add("Stopped with " + failed + " failed job(s): see failures; Cockpit shows them as incidents"
                    + " of the batch (Batches view), where they can be retried after the cause is fixed. "
                    + stillOnSource + " instance(s) still on version " + started.sourceVersion() + ".");
        } else {
            summary.add("Running: " + remaining + " job(s) to go, " + stillOnSource + " instance(s) still on version "
                    + started.sourceVersion() + ".");
        }
        return new MigrationBatchReport(
                started.batchId(),
                started.processDefinitionKey(),
                started.sourceVersion(),
                started.targetVersion(),
                started.instances(),
                started.startedBy(),
                started.startedAt(),
                finished,
                remaining,
                failed,
                stillOnSource,
                failures,
                summary);
    }

    private record Planned(MigrationPlan plan, VersionPlan report) {}

    private Planned planVersion(ProcessDefinition source, ProcessDefinition target) {
        BpmnModelInstance sourceModel = repository.getBpmnModelInstance(source.getId());
        BpmnModelInstance targetModel = repository.getBpmnModelInstance(target.getId());
        String to = "version " + target.getVersion();
        List<String> decisions = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        MigrationPlan plan;
        try {
            plan = generated(source, target).build();
        } catch (MigrationPlanValidationException e) {
            // Keep the valid instructions; the invalid ones become decisions (only if instances stand there).
            plan = withoutInvalid(source, target, sourceModel, targetModel, e, notes);
        }
        Map<String, String> mapped = new LinkedHashMap<>();
        for (MigrationInstruction instruction : plan.getInstructions()) {
            mapped.put(instruction.getSourceActivityId(), instruction.getTargetActivityId());
        }

        Map<String, WaitState> sourceWaitStates = byId(WaitStates.of(sourceModel));
        List<Waiting> waiting = new ArrayList<>();
        Set<String> blocked = new TreeSet<>();
        for (ActivityStatistics statistics :
                management.createActivityStatisticsQuery(source.getId()).list()) {
            String activityId = statistics.getId();
            WaitState waitState = sourceWaitStates.get(activityId);
            String label = waitState == null ? label(sourceModel, activityId) : waitState.label();
            waiting.add(new Waiting(activityId, label, statistics.getInstances(), mapped.get(activityId)));
            List<String> needed = new ArrayList<>(waitState == null ? List.of() : waitState.enclosingScopes());
            needed.add(activityId);
            for (String id : needed) {
                if (!mapped.containsKey(id) && blocked.add(id)) {
                    decisions.add(statistics.getInstances() + " instance(s) wait at " + label + " (inside "
                            + label(sourceModel, id) + "), which has no counterpart in " + to + ": "
                            + why(targetModel, id) + " Keep the element's id in the new model, or have an"
                            + " engineer map it to another element.");
                }
            }
        }
        waiting.sort(Comparator.comparing(Waiting::instances).reversed().thenComparing(Waiting::activityId));

        for (WaitState state : sourceWaitStates.values()) {
            if (!mapped.containsKey(state.id()) && !blocked.contains(state.id())) {
                notes.add("No instance waits at " + state.label() + " now, and " + to + " has no counterpart: "
                        + "an instance that gets there before the migration runs stays on version "
                        + source.getVersion() + ".");
            }
        }
        for (WaitState state : WaitStates.of(targetModel)) {
            if (!mapped.containsValue(state.id())) {
                notes.add("New in " + to + ": " + state.label() + "; no running instance is moved there.");
            }
        }
        VersionPlan report = new VersionPlan(
                source.getKey(),
                source.getVersion(),
                source.getId(),
                target.getVersion(),
                target.getId(),
                instancesOf(source),
                waiting,
                decisions,
                notes);
        return new Planned(plan, report);
    }

    private MigrationPlanBuilder generated(ProcessDefinition source, ProcessDefinition target) {
        return runtime.createMigrationPlan(source.getId(), target.getId())
                .mapEqualActivities()
                .updateEventTriggers();
    }

    /**
     * The generated plan had invalid mappings: map the same ids one by one, leaving out each that the engine refuses
     * (a refusal can make another mapping invalid, e.g. a boundary event of a task left out, hence the rounds).
     */
    private MigrationPlan withoutInvalid(
            ProcessDefinition source,
            ProcessDefinition target,
            BpmnModelInstance sourceModel,
            BpmnModelInstance targetModel,
            MigrationPlanValidationException first,
            List<String> notes) {
        Set<String> candidates = new TreeSet<>();
        for (FlowNode node : sourceModel.getModelElementsByType(FlowNode.class)) {
            if (targetModel.getModelElementById(node.getId()) instanceof FlowNode) {
                candidates.add(node.getId());
            }
        }
        MigrationPlanValidationException failure = first;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            for (MigrationInstructionValidationReport report :
                    failure.getValidationReport().getInstructionReports()) {
                MigrationInstruction instruction = report.getMigrationInstruction();
                if (candidates.remove(instruction.getSourceActivityId())) {
                    notes.add("The engine cannot map " + instruction.getSourceActivityId() + " to "
                            + instruction.getTargetActivityId() + ": " + String.join("; ", report.getFailures()));
                }
            }
            failure.getValidationReport()
                    .getVariableReports()
                    .forEach((name, report) ->
                            notes.add("Variable " + name + ": " + String.join("; ", report.getFailures())));
            MigrationPlanBuilder builder = runtime.createMigrationPlan(source.getId(), target.getId());
            for (String id : candidates) {
                MigrationInstructionBuilder instruction = builder.mapActivities(id, id);
                if (sourceModel.getModelElementById(id) instanceof CatchEvent) {
                    instruction.updateEventTrigger();
                }
            }
            try {
                return builder.build();
            } catch (MigrationPlanValidationException e) {
                failure = e;
            }
        }
        throw failure;
    }

    private static String why(BpmnModelInstance targetModel, String id) {
        ModelElementInstance element = targetModel.getModelElementById(id);
        if (element == null) {
            return "the new model has no element with the id " + id + ".";
        }
        return "the new model has an element " + id + ", but the engine cannot move instances there (it is a "
                + element.getElementType().getTypeName() + " now, or moved into another sub-process).";
    }

    private static String label(BpmnModelInstance model, String id) {
        ModelElementInstance element = model.getModelElementById(id);
        String name = element == null ? null : element.getAttributeValue("name");
        return name == null || name.isBlank() ? id : "'" + name + "' (" + id + ")";
    }

    private static Map<String, WaitState> byId(List<WaitState> states) {
        return states.stream()
                .collect(Collectors.toMap(WaitState::id, state -> state, (a, b) -> a, LinkedHashMap::new));
    }

    private List<String> keys(String processDefinitionKey) {
        if (processDefinitionKey != null && !processDefinitionKey.isBlank()) {
            return List.of(processDefinitionKey.strip());
        }
        return repository.createProcessDefinitionQuery().latestVersion().list().stream()
                .map(ProcessDefinition::getKey)
                .sorted()
                .toList();
    }

    private ProcessDefinition latest(String key) {
        return Optional.ofNullable(repository
                        .createProcessDefinitionQuery()
                        .processDefinitionKey(key)
                        .latestVersion()
                        .singleResult())
                .orElseThrow(() -> new UnknownProcessException(key));
    }

    private List<ProcessDefinition> olderVersionsWithInstances(ProcessDefinition target) {
        return repository
                .createProcessDefinitionQuery()
                .processDefinitionKey(target.getKey())
                .orderByProcessDefinitionVersion()
                .asc()
                .list()
                .stream()
                .filter(definition -> definition.getVersion() < target.getVersion())
                .filter(definition -> instancesOf(definition) > 0)
                .toList();
    }

    private long instancesOf(ProcessDefinition definition) {
        return runtime.createProcessInstanceQuery()
                .processDefinitionId(definition.getId())
                .count();
    }

    private static List<String> summary(List<VersionPlan> versions) {
        List<String> lines = new ArrayList<>();
        if (versions.isEmpty()) {
            lines.add("Every running instance is on the newest version of its process: nothing to migrate.");
            return lines;
        }
        for (VersionPlan version : versions) {
            lines.add(version.processDefinitionKey() + ": " + version.instances() + " running instance(s) on version "
                    + version.sourceVersion() + ", the newest is version " + version.targetVersion() + ".");
            for (Waiting waiting : version.waiting()) {
                lines.add("  " + waiting.instances() + " at " + waiting.label()
                        + (waiting.targetActivityId() == null
                                ? ": NO counterpart in the newest version"
                                : ": moves to " + waiting.targetActivityId()));
            }
            version.decisions().forEach(decision -> lines.add("  Needs a decision: " + decision));
            version.notes().forEach(note -> lines.add("  Note: " + note));
            lines.add(
                    version.migratable()
                            ? "  Can be migrated as it is."
                            : "  Cannot be migrated until the decisions above are taken; a run leaves this version"
                                    + " alone.");
        }
        return lines;
    }
}
