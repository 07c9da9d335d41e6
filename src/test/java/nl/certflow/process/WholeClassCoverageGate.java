package nl.certflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The guard the analysts rely on: every flow node and sequence flow of the deployed models is reached by some test of
 * the class. It reads the report camunda-process-test-coverage wrote in its own afterAll (register this extension
 * first, so its afterAll runs after the library's), and it checks only when every test method of the class ran: a
 * single test run alone ({@code -Dtest=Class#method}) covers one path and is not a coverage failure.
 */
final class WholeClassCoverageGate implements AfterEachCallback, AfterAllCallback {

    private final Class<?> testClass;
    private final AtomicInteger testsRun = new AtomicInteger();

    WholeClassCoverageGate(Class<?> testClass) {
        this.testClass = testClass;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        testsRun.incrementAndGet();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        long declared = Arrays.stream(testClass.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Test.class))
                .count();
        if (testsRun.get() < declared) {
            return;
        }
        Path report = Path.of("target", "process-test-coverage", testClass.getName(), "report.json");
        JsonNode coverage = new ObjectMapper().readTree(report.toFile());
        Set<String> reached = new HashSet<>();
        coverage.at("/suites/0/runs")
                .forEach(run -> run.get("events")
                        .forEach(event -> reached.add(event.get("modelKey").asText() + ":"
                                + event.get("definitionKey").asText())));
        Set<String> missed = new TreeSet<>();
        for (JsonNode model : coverage.get("models")) {
            BpmnModelInstance bpmn = Bpmn.readModelFromStream(
                    new ByteArrayInputStream(model.get("xml").asText().getBytes(StandardCharsets.UTF_8)));
            String key = model.get("key").asText();
            bpmn.getModelElementsByType(FlowNode.class).forEach(node -> missed.add(key + ":" + node.getId()));
            bpmn.getModelElementsByType(SequenceFlow.class).forEach(flow -> missed.add(key + ":" + flow.getId()));
        }
        missed.removeAll(reached);
        assertThat(coverage.get("models")).as("the models the tests deployed").isNotEmpty();
        assertThat(missed)
                .as("flow nodes and sequence flows no process test reaches (see " + report.getParent()
                        + "/report.html); a new element needs a test scenario")
                .isEmpty();
    }
}
