package nl.certflow.operations;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.ReceiveTask;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * The places of a model where a running instance can rest between two transactions, i.e. where orders stand when an
 * operator migrates them: event-based gateways, catch events on their own, receive and user tasks, call activities
 * (while the called process runs) and every step with an asynchronous continuation (its job waits for the executor).
 */
public final class WaitStates {

    /** One wait state: its id, its label as the analyst wrote it, its kind and the sub-processes around it. */
    public record WaitState(String id, String name, String kind, List<String> enclosingScopes) {

        /** "'Wait for CA decision' (CallActivity_AwaitCaDecision)": how an analyst finds it in Modeler. */
        public String label() {
            return name == null || name.isBlank() ? id : "'" + name + "' (" + id + ")";
        }
    }

    private WaitStates() {}

    public static List<WaitState> of(BpmnModelInstance model) {
        Collection<FlowNode> nodes = model.getModelElementsByType(FlowNode.class);
        List<WaitState> found = new ArrayList<>();
        for (FlowNode node : nodes) {
            String kind = kind(node);
            if (kind != null) {
                found.add(new WaitState(node.getId(), node.getName(), kind, scopes(node)));
            }
        }
        return found;
    }

    /** The kind of wait in plain words, or null when an instance never rests at this node. */
    static String kind(FlowNode node) {
        if (node instanceof EventBasedGateway) {
            return "waits for one of several events";
        }
        if (node instanceof IntermediateCatchEvent event && !followsEventBasedGateway(event)) {
            return "waits for an event";
        }
        if (node instanceof ReceiveTask) {
            return "waits for a message";
        }
        if (node instanceof UserTask) {
            return "waits for a person";
        }
        if (node instanceof CallActivity) {
            return "waits for a called process";
        }
        if (node.isCamundaAsyncBefore()) {
            return "background step (queued job)";
        }
        if (node.isCamundaAsyncAfter()) {
            return "after a background step (queued job)";
        }
        return null;
    }

    private static boolean followsEventBasedGateway(IntermediateCatchEvent event) {
        return event.getPreviousNodes().list().stream().anyMatch(EventBasedGateway.class::isInstance);
    }

    private static List<String> scopes(FlowNode node) {
        List<String> scopes = new ArrayList<>();
        ModelElementInstance parent = node.getParentElement();
        while (parent instanceof SubProcess subProcess) {
            scopes.add(0, subProcess.getId());
            parent = subProcess.getParentElement();
        }
        return scopes;
    }
}
