package nl.certflow.system;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Every Actief order waits on an expiry timer, so the job table holds one job per active certificate, and the job
 * executor asks for due jobs ({@code DUEDATE_ IS NULL OR DUEDATE_ <= now}) on every acquisition. Camunda's schema
 * has no index on the due date. certflow runs with {@code ensure-job-due-date-not-null}, so the condition is
 * {@code DUEDATE_ <= now} and both H2 and PostgreSQL answer it from this index.
 */
@Component
class JobDueDateIndex extends AbstractProcessEnginePlugin {

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        new JdbcTemplate(engine.getProcessEngineConfiguration().getDataSource())
                .execute("CREATE INDEX IF NOT EXISTS CF_IDX_JOB_DUEDATE ON ACT_RU_JOB (DUEDATE_)");
    }
}
