package nl.certflow.operations;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The migration batches operators started (table {@code cf_migration_batch}, Flyway V6). */
@Repository
public class MigrationBatchStore {

    private final JdbcTemplate jdbc;

    public MigrationBatchStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void save(StartedMigration started) {
        jdbc.update(
                "INSERT INTO cf_migration_batch (batch_id, process_definition_key, source_version,"
                        + " source_definition_id, target_version, target_definition_id, instances, started_by,"
                        + " started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                started.batchId(),
                started.processDefinitionKey(),
                started.sourceVersion(),
                started.sourceDefinitionId(),
                started.targetVersion(),
                started.targetDefinitionId(),
                started.instances(),
                started.startedBy(),
                Timestamp.from(started.startedAt()));
    }

    public Optional<StartedMigration> find(String batchId) {
        List<StartedMigration> found = jdbc.query(
                "SELECT * FROM cf_migration_batch WHERE batch_id = ?",
                (row, n) -> new StartedMigration(
                        row.getString("batch_id"),
                        row.getString("process_definition_key"),
                        row.getInt("source_version"),
                        row.getString("source_definition_id"),
                        row.getInt("target_version"),
                        row.getString("target_definition_id"),
                        row.getLong("instances"),
                        row.getString("started_by"),
                        row.getTimestamp("started_at").toInstant()),
                batchId);
        return found.stream().findFirst();
    }
}
