-- Operators' migrations of running process instances (nl.certflow.operations): one row per engine batch, written in
-- the transaction that starts it. The engine deletes a batch when it is done; this row keeps what it moved, from
-- which version to which and who started it, so the final report can still be read afterwards.
CREATE TABLE cf_migration_batch (
    batch_id                VARCHAR(64)  NOT NULL PRIMARY KEY,
    process_definition_key  VARCHAR(255) NOT NULL,
    source_version          INTEGER      NOT NULL,
    source_definition_id    VARCHAR(64)  NOT NULL,
    target_version          INTEGER      NOT NULL,
    target_definition_id    VARCHAR(64)  NOT NULL,
    instances               BIGINT       NOT NULL,
    started_by              VARCHAR(100) NOT NULL,
    started_at              TIMESTAMP WITH TIME ZONE NOT NULL
);
