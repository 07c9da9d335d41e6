package nl.certflow.operations;

import java.time.Instant;

/** A migration batch the engine accepted: what it moves, from which version to which, for whom. */
public record StartedMigration(
        String batchId,
        String processDefinitionKey,
        int sourceVersion,
        String sourceDefinitionId,
        int targetVersion,
        String targetDefinitionId,
        long instances,
        String startedBy,
        Instant startedAt) {}
