package nl.certflow.process;

import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.test.mock.MockExpressionManager;
import org.camunda.community.process_test_coverage.engine.platform7.ProcessCoverageInMemProcessEngineConfiguration;

/**
 * A plain engine for process tests, with the coverage library's parse listeners: in-memory H2, full history, no job
 * executor, beans resolved from {@code Mocks}.
 */
final class InMemoryProcessEngine {

    private InMemoryProcessEngine() {}

    static ProcessEngineConfiguration configuration() {
        ProcessCoverageInMemProcessEngineConfiguration configuration =
                new ProcessCoverageInMemProcessEngineConfiguration();
        configuration.setProcessEngineName("certflow-process-tests");
        configuration.setJdbcUrl("jdbc:h2:mem:certflow-process-tests;DB_CLOSE_DELAY=-1");
        configuration.setHistory(ProcessEngineConfiguration.HISTORY_FULL);
        configuration.setJobExecutorActivate(false);
        configuration.setExpressionManager(new MockExpressionManager());
        return configuration;
    }
}
