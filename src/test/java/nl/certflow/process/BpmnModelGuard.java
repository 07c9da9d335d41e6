package nl.certflow.process;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.Error;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;

/**
 * What the code relies on in the analysts' model, checked in words an analyst understands: the messages the code
 * correlates, the error codes it throws, the beans the tasks call, the diagram layout, and Camunda's id conventions.
 */
final class BpmnModelGuard {

    private static final Pattern BEAN = Pattern.compile("^\\$\\{([A-Za-z][A-Za-z0-9]*)}$");
    private static final Map<Class<? extends BaseElement>, String> ID_PREFIXES = Map.of(
            ServiceTask.class, "Task_", Gateway.class, "Gateway_", SequenceFlow.class, "Flow_", SubProcess.class, "SubProcess_",
            Message.class, "Message_", Error.class, "Error_");

    private BpmnModelGuard() {
    }

    static List<String> violations(BpmnModelInstance model, Collection<String> messagesTheCodeCorrelates,
            Collection<String> errorCodesTheCodeThrows, Predicate<String> beanExists) {
        List<String> problems = new ArrayList<>();
        Set<String> messageNames = model.getModelElementsByType(Message.class).stream().map(Message::getName)
                .collect(Collectors.toSet());
        messagesTheCodeCorrelates.stream().filter(name -> !messageNames.contains(name)).forEach(name -> problems.add(
                "The code sends message '" + name + "', but the model has no message with that name"));
        messageNames.stream().filter(name -> name == null || !name.startsWith("Msg_")).forEach(name -> problems.add(
                "Message name '" + name + "' does not follow the convention Msg_…"));
        Set<String> errorCodes = model.getModelElementsByType(Error.class).stream().map(Error::getErrorCode)
                .collect(Collectors.toSet());
        errorCodesTheCodeThrows.stream().filter(code -> !errorCodes.contains(code)).forEach(code -> problems.add(
                "The code raises BPMN error '" + code + "', but the model has no error with that code"));

        for (ServiceTask task : model.getModelElementsByType(ServiceTask.class)) {
            String expression = task.getCamundaDelegateExpression();
            Matcher bean = expression == null ? null : BEAN.matcher(expression);
            if (bean == null || !bean.matches()) {
                problems.add("Task '" + task.getName() + "' (" + task.getId() + ") must call a bean with "
                        + "camunda:delegateExpression=\"${beanName}\" (use the element template)");
            } else if (!beanExists.test(bean.group(1))) {
                problems.add("Task '" + task.getName() + "' (" + task.getId() + ") calls '" + bean.group(1)
                        + "', which the application does not have");
            }
        }

        Set<String> drawn = model.getModelElementsByType(BpmnShape.class).stream().map(shape -> shape.getBpmnElement().getId())
                .collect(Collectors.toSet());
        model.getModelElementsByType(BpmnEdge.class).forEach(edge -> drawn.add(edge.getBpmnElement().getId()));
        for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
            if ((element instanceof FlowNode || element instanceof SequenceFlow) && !drawn.contains(element.getId())) {
                problems.add(describe(element) + " has no shape in the diagram: Modeler and Cockpit cannot draw it");
            }
            idConvention(element).ifPresent(problems::add);
        }
        model.getModelElementsByType(Message.class).forEach(message -> idConvention(message).ifPresent(problems::add));
        model.getModelElementsByType(Error.class).forEach(error -> idConvention(error).ifPresent(problems::add));
        for (Process process : model.getModelElementsByType(Process.class)) {
            if (process.getCamundaHistoryTimeToLiveString() == null) {
                problems.add("Process " + process.getId() + " has no camunda:historyTimeToLive");
            }
        }
        return problems;
    }

    private static Optional<String> idConvention(BaseElement element) {
        String id = element.getId();
        String expected = ID_PREFIXES.entrySet().stream().filter(entry -> entry.getKey().isInstance(element))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (element instanceof StartEvent) {
            expected = "StartEvent_";
        } else if (element instanceof IntermediateCatchEvent || element instanceof EndEvent || element instanceof BoundaryEvent) {
            expected = "Event_";
        }
        if (expected != null && !id.startsWith(expected)) {
            return Optional.of("Id '" + id + "' of " + describe(element) + " should start with " + expected);
        }
        return Optional.empty();
    }

    private static String describe(BaseElement element) {
        String name = element instanceof FlowElement flowElement ? flowElement.getName() : null;
        return name == null ? element.getId() : "'" + name + "' (" + element.getId() + ")";
    }

    /** The String constants of {@link ProcessVariables} whose names start with the prefix (messages, errors). */
    static List<String> constants(String prefix) {
        List<String> values = new ArrayList<>();
        for (Field field : ProcessVariables.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().startsWith(prefix)) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }
}
