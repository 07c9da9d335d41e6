package nl.certflow.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.pvm.process.TransitionImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;

/**
 * Process test coverage: records every sequence flow the engine takes (history does not), and together with the
 * flow nodes in history writes {@code target/process-test-coverage/<process>.md} and reports what was never reached.
 */
class ProcessCoverage extends AbstractProcessEnginePlugin {

    private final Set<String> takenFlows = ConcurrentHashMap.newKeySet();

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.getCustomPreBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseSequenceFlow(Element element, ScopeImpl scope, TransitionImpl transition) {
                transition.addListener(ExecutionListener.EVENTNAME_TAKE, execution -> takenFlows.add(transition.getId()));
            }
        });
    }

    /** Writes the report and answers the ids of flow nodes and sequence flows that no test reached. */
    Set<String> report(String processKey, BpmnModelInstance model, Set<String> passedFlowNodes) throws IOException {
        Set<String> nodes = model.getModelElementsByType(FlowNode.class).stream().map(FlowNode::getId)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> flows = model.getModelElementsByType(SequenceFlow.class).stream().map(SequenceFlow::getId)
                .collect(Collectors.toCollection(TreeSet::new));
        // The engine does not "take" the flows behind an event-based gateway; the catch event firing is the taking.
        Set<String> covered = new TreeSet<>(takenFlows);
        model.getModelElementsByType(SequenceFlow.class).stream()
                .filter(flow -> flow.getSource() instanceof EventBasedGateway && passedFlowNodes.contains(flow.getTarget().getId()))
                .forEach(flow -> covered.add(flow.getId()));
        Set<String> missed = new TreeSet<>();
        nodes.stream().filter(id -> !passedFlowNodes.contains(id)).forEach(missed::add);
        flows.stream().filter(id -> !covered.contains(id)).forEach(missed::add);
        long coveredNodes = nodes.stream().filter(passedFlowNodes::contains).count();
        long coveredFlows = flows.stream().filter(covered::contains).count();
        StringBuilder text = new StringBuilder("# Process test coverage: " + processKey + "\n\n")
                .append("| | covered | total |\n|---|---|---|\n")
                .append("| flow nodes | ").append(coveredNodes).append(" | ").append(nodes.size()).append(" |\n")
                .append("| sequence flows | ").append(coveredFlows).append(" | ").append(flows.size()).append(" |\n\n")
                .append(missed.isEmpty() ? "Every flow node and sequence flow is covered.\n" : "Not covered: " + missed + "\n");
        Path file = Path.of("target", "process-test-coverage", processKey + ".md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return missed;
    }
}
