package nl.certflow;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Spring keeps test contexts cached, so several engines named "default" live in one JVM. The engine REST API and
 * Cockpit look their engine up by that name in Camunda's JVM-wide registry, where the engine started last wins: a
 * test reusing an older context would talk to another context's engine and database. Before each test this puts
 * the engine of the test's own context back. Registered in {@code META-INF/spring.factories}.
 */
public class CurrentProcessEngineListener extends AbstractTestExecutionListener {

    @Override
    public void beforeTestMethod(TestContext testContext) {
        testContext.getApplicationContext().getBeanProvider(ProcessEngine.class).ifAvailable(ProcessEngines::registerProcessEngine);
    }
}
