package nl.certflow.operations;

import java.util.List;

/**
 * The dry run of a migration: per older version that still has running instances, where they wait and whether the
 * newest version has a counterpart for each wait state. {@code summary} says it in plain words, one line each.
 */
public record MigrationReport(List<VersionPlan> versions, List<String> summary) {

    /** True when every planned version can be migrated as it is (nothing needs a decision). */
    public boolean migratable() {
        return versions.stream().allMatch(VersionPlan::migratable);
    }

    /** One source version of a process and the newest version it would move to. */
    public record VersionPlan(
            String processDefinitionKey,
            int sourceVersion,
            String sourceDefinitionId,
            int targetVersion,
            String targetDefinitionId,
            long instances,
            List<Waiting> waiting,
            List<String> decisions,
            List<String> notes) {

        public boolean migratable() {
            return decisions.isEmpty();
        }
    }

    /**
     * How many instances stand at one activity; {@code targetActivityId} is its counterpart in the newest version,
     * null when there is none.
     */
    public record Waiting(String activityId, String label, long instances, String targetActivityId) {}
}
