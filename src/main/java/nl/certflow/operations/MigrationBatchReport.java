package nl.certflow.operations;

import java.time.Instant;
import java.util.List;

/**
 * A migration batch as it stands: while it runs ({@code finished} false) and after it ended. Failed batch jobs stay
 * (with an incident in Cockpit) until an operator retries them, so a batch with failures does not finish.
 */
public record MigrationBatchReport(
        String batchId,
        String processDefinitionKey,
        int sourceVersion,
        int targetVersion,
        long instances,
        String startedBy,
        Instant startedAt,
        boolean finished,
        long jobsRemaining,
        long jobsFailed,
        long stillOnSourceVersion,
        List<String> failures,
        List<String> summary) {}
