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
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.Error;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.Expression;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.InclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOut;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter;

/**
 * What the code relies on in the analysts' models, checked in words an analyst understands: the messages the code
 * correlates, the error codes it throws, the beans the tasks call, the CA wait loop drawn once (called, with the
 * order id as business key), the data flow of "Record order status", the diagram layout, and Camunda's id conventions.
 */
final class BpmnModelGuard {

    static final String BUSINESS_KEY_PASSED_ON = "#{execution.processBusinessKey}";
    private static final Pattern BEAN = Pattern.compile("^\\$\\{([A-Za-z][A-Za-z0-9]*)}$");
    private static final Pattern SETTING = Pattern.compile("^\\$\\{([A-Za-z][A-Za-z0-9]*)\\.[A-Za-z][A-Za-z0-9.]*}$");
    private static final String POLL_TIMER = "${caPolling.interval}";
    private static final Map<String, String> RECORD_OUTPUTS = Map.of(
            ProcessVariables.STATUS, "${" + ProcessVariables.NEW_STATUS + "}",
            ProcessVariables.PENDING_TRANSITION, "${" + ProcessVariables.NEW_PENDING_TRANSITION + "}",
            ProcessVariables.STATUS_REASON, "${" + ProcessVariables.HISTORY_REASON + "}");
    private static final Map<Class<? extends BaseElement>, String> ID_PREFIXES = Map.of(
            Task.class,
            "Task_",
            Gateway.class,
            "Gateway_",
            SequenceFlow.class,
            "Flow_",
            SubProcess.class,
            "SubProcess_",
            CallActivity.class,
            "CallActivity_",
            Message.class,
            "Message_",
            Error.class,
            "Error_");

    private BpmnModelGuard() {}

    static List<String> violations(
            BpmnModelInstance model,
            Collection<String> messagesTheCodeCorrelates,
            Collection<String> errorCodesTheCodeThrows,
            Predicate<String> beanExists,
            Set<String> processesDeployed) {
        return violations(
                model,
                messagesTheCodeCorrelates,
                errorCodesTheCodeThrows,
                beanExists,
                bean -> false,
                processesDeployed);
    }

    /**
     * As above, and: a task whose bean {@code callsOutside} (the CA, the KvK) must run in the background with a retry
     * schedule, and every element a reader of the picture needs to understand has a label.
     */
    static List<String> violations(
            BpmnModelInstance model,
            Collection<String> messagesTheCodeCorrelates,
            Collection<String> errorCodesTheCodeThrows,
            Predicate<String> beanExists,
            Predicate<String> callsOutside,
            Set<String> processesDeployed) {
        List<String> problems = new ArrayList<>();
        Set<String> messageNames = model.getModelElementsByType(Message.class).stream()
                .map(Message::getName)
                .collect(Collectors.toSet());
        messagesTheCodeCorrelates.stream()
                .filter(name -> !messageNames.contains(name))
                .forEach(name -> problems.add(
                        "The code sends message '" + name + "', but the model has no message with that name"));
        messageNames.stream()
                .filter(name -> name == null || !name.startsWith("Msg_"))
                .forEach(name -> problems.add("Message name '" + name + "' does not follow the convention Msg_…"));
        Set<String> errorCodes = model.getModelElementsByType(Error.class).stream()
                .map(Error::getErrorCode)
                .collect(Collectors.toSet());
        errorCodesTheCodeThrows.stream()
                .filter(code -> !errorCodes.contains(code))
                .forEach(code -> problems.add(
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
            } else if (bean.group(1).equals("recordOrderStatus")) {
                recordDataFlow(task).ifPresent(problems::add);
            }
            if (bean != null && bean.matches() && callsOutside.test(bean.group(1))) {
                remoteCall(task, bean.group(1)).ifPresent(problems::add);
            }
        }
        for (TimerEventDefinition timer : model.getModelElementsByType(TimerEventDefinition.class)) {
            timerReadsABean(timer, beanExists).ifPresent(problems::add);
        }
        problems.addAll(labels(model));
        boolean isTheOrderProcess = model.getModelElementsByType(Process.class).stream()
                .anyMatch(process -> process.getId().equals(ProcessVariables.PROCESS_KEY));
        if (isTheOrderProcess) {
            expiryTimer(model).ifPresent(problems::add);
        }
        for (CallActivity call : model.getModelElementsByType(CallActivity.class)) {
            problems.addAll(callOfTheWaitLoop(call, processesDeployed));
        }
        boolean isTheWaitLoop = model.getModelElementsByType(Process.class).stream()
                .anyMatch(process -> process.getId().equals(ProcessVariables.AWAIT_CA_OUTCOME_PROCESS_KEY));
        for (TimerEventDefinition timer : model.getModelElementsByType(TimerEventDefinition.class)) {
            boolean pollTimer = timer.getTimeDuration() != null
                    && POLL_TIMER.equals(timer.getTimeDuration().getTextContent());
            if (pollTimer && !isTheWaitLoop) {
                problems.add(describe((BaseElement) timer.getParentElement())
                        + " polls the CA: the wait for the CA is drawn "
                        + "once, in AwaitCaOutcomeProcess; call it (call activity) instead of drawing the loop again");
            }
        }

        Set<String> drawn = model.getModelElementsByType(BpmnShape.class).stream()
                .map(shape -> shape.getBpmnElement().getId())
                .collect(Collectors.toSet());
        model.getModelElementsByType(BpmnEdge.class)
                .forEach(edge -> drawn.add(edge.getBpmnElement().getId()));
        for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
            if ((element instanceof FlowNode || element instanceof SequenceFlow) && !drawn.contains(element.getId())) {
                problems.add(describe(element) + " has no shape in the diagram: Modeler and Cockpit cannot draw it");
            }
            idConvention(element).ifPresent(problems::add);
        }
        model.getModelElementsByType(Message.class)
                .forEach(message -> idConvention(message).ifPresent(problems::add));
        model.getModelElementsByType(Error.class)
                .forEach(error -> idConvention(error).ifPresent(problems::add));
        for (Process process : model.getModelElementsByType(Process.class)) {
            if (process.getCamundaHistoryTimeToLiveString() == null) {
                problems.add("Process " + process.getId() + " has no camunda:historyTimeToLive");
            }
        }
        return problems;
    }

    /**
     * A task that talks to the CA or the KvK must not run in the customer's (or the caller's) transaction: in the
     * background ({@code asyncBefore}, on the task or on its multi-instance loop) with a retry schedule, so that an
     * unreachable CA means retries and then an incident in Cockpit.
     */
    private static Optional<String> remoteCall(ServiceTask task, String bean) {
        MultiInstanceLoopCharacteristics loop =
                task.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics multiInstance
                        ? multiInstance
                        : null;
        boolean background = task.isCamundaAsyncBefore() || (loop != null && loop.isCamundaAsyncBefore());
        boolean retried =
                retryCycle(task.getExtensionElements()) || (loop != null && retryCycle(loop.getExtensionElements()));
        if (background && retried) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        if (!background) {
            missing.add("run in the background (tick 'Asynchronous before')");
        }
        if (!retried) {
            missing.add("have a retry schedule (camunda:failedJobRetryTimeCycle, e.g. PT10S,PT1M,PT5M,PT15M,PT1H)");
        }
        return Optional.of(describe(task) + " calls the CA or the KvK ('" + bean + "'), so it must "
                + String.join(" and ", missing)
                + ": otherwise an unreachable CA fails the customer's request instead of being retried and, in the "
                + "end, shown as an incident in Cockpit");
    }

    private static boolean retryCycle(ExtensionElements extensions) {
        return extensions != null
                && extensions.getElementsQuery().filterByType(CamundaFailedJobRetryTimeCycle.class).list().stream()
                        .anyMatch(cycle -> cycle.getTextContent() != null
                                && !cycle.getTextContent().isBlank());
    }

    /**
     * The code moves the expiry timer when the CA names another end date for the certificate: it finds the timer by
     * its id and has the engine read {@code ${notAfter}} again.
     */
    private static Optional<String> expiryTimer(BpmnModelInstance model) {
        BaseElement element = model.getModelElementById(ProcessVariables.EXPIRY_TIMER);
        TimerEventDefinition timer = element instanceof BoundaryEvent boundary
                ? boundary.getEventDefinitions().stream()
                        .filter(TimerEventDefinition.class::isInstance)
                        .map(TimerEventDefinition.class::cast)
                        .findFirst()
                        .orElse(null)
                : null;
        String expected = "${" + ProcessVariables.NOT_AFTER + "}";
        if (timer == null
                || timer.getTimeDate() == null
                || !expected.equals(timer.getTimeDate().getTextContent().trim())) {
            return Optional.of("The order process must keep its expiry timer " + ProcessVariables.EXPIRY_TIMER
                    + " (a timer on the border of the active part, at the date " + expected + "): the code moves"
                    + " it when the CA reports another end date for the certificate");
        }
        return Optional.empty();
    }

    /** A timer that reads a setting ({@code ${bean.property}}) must name a bean the application has. */
    private static Optional<String> timerReadsABean(TimerEventDefinition timer, Predicate<String> beanExists) {
        for (Expression expression :
                new Expression[] {timer.getTimeCycle(), timer.getTimeDate(), timer.getTimeDuration()}) {
            if (expression == null || expression.getTextContent() == null) {
                continue;
            }
            Matcher setting = SETTING.matcher(expression.getTextContent().trim());
            if (setting.matches() && !beanExists.test(setting.group(1))) {
                return Optional.of(describe((BaseElement) timer.getParentElement()) + " reads the setting "
                        + expression.getTextContent().trim() + ", but the application has no bean '"
                        + setting.group(1) + "'");
            }
        }
        return Optional.empty();
    }

    /**
     * What the picture must say in words: every task, call activity, sub-process, intermediate, boundary and end
     * event, the start event of a process, every gateway that decides (an exclusive or inclusive one with more than
     * one way out) and each of its ways out but the default.
     */
    private static List<String> labels(BpmnModelInstance model) {
        List<String> problems = new ArrayList<>();
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            boolean needsName = node instanceof Activity
                    || node instanceof IntermediateCatchEvent
                    || node instanceof IntermediateThrowEvent
                    || node instanceof BoundaryEvent
                    || node instanceof EndEvent
                    || (node instanceof StartEvent && node.getParentElement() instanceof Process);
            if (needsName && blank(node.getName())) {
                problems.add(describe(node) + " has no label: give it a name that says what happens there");
            }
            if ((node instanceof ExclusiveGateway || node instanceof InclusiveGateway)
                    && node.getOutgoing().size() > 1) {
                if (blank(node.getName())) {
                    problems.add("The decision " + node.getId()
                            + " has no label: name it with the question it answers (e.g. 'Revoked by CA?')");
                }
                SequenceFlow byDefault = node instanceof ExclusiveGateway exclusive
                        ? exclusive.getDefault()
                        : ((InclusiveGateway) node).getDefault();
                node.getOutgoing().stream()
                        .filter(flow -> flow != byDefault && blank(flow.getName()))
                        .forEach(flow -> problems.add("The way out " + flow.getId() + " of the decision "
                                + describe(node) + " has no label: name the answer it stands for"));
            }
        }
        return problems;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** "Record order status" reads its own inputs and writes the variables Cockpit and the gateways read as outputs. */
    private static Optional<String> recordDataFlow(ServiceTask task) {
        CamundaInputOutput io = task.getExtensionElements() == null
                ? null
                : task.getExtensionElements().getElementsQuery().filterByType(CamundaInputOutput.class).list().stream()
                        .findFirst()
                        .orElse(null);
        Set<String> inputs = io == null
                ? Set.of()
                : io.getCamundaInputParameters().stream()
                        .map(CamundaInputParameter::getCamundaName)
                        .collect(Collectors.toSet());
        Map<String, String> outputs = io == null
                ? Map.of()
                : io.getCamundaOutputParameters().stream()
                        .collect(Collectors.toMap(
                                CamundaOutputParameter::getCamundaName, CamundaOutputParameter::getTextContent));
        boolean readsItsInputs = inputs.equals(Set.of(
                ProcessVariables.NEW_STATUS, ProcessVariables.NEW_PENDING_TRANSITION, ProcessVariables.HISTORY_REASON));
        if (!readsItsInputs || !outputs.equals(RECORD_OUTPUTS)) {
            return Optional.of(
                    describe(task) + " must read the inputs newStatus, newPendingTransition and historyReason "
                            + "and write the outputs status = ${newStatus}, pendingTransition = ${newPendingTransition}, "
                            + "statusReason = ${historyReason} (use the element template 'Record order status')");
        }
        return Optional.empty();
    }

    private static List<String> callOfTheWaitLoop(CallActivity call, Set<String> processesDeployed) {
        List<String> problems = new ArrayList<>();
        if (!processesDeployed.contains(call.getCalledElement())) {
            problems.add(
                    describe(call) + " calls process '" + call.getCalledElement() + "', which no file in bpmn/ has");
        }
        List<CamundaIn> ins = call.getExtensionElements() == null
                ? List.of()
                : call.getExtensionElements()
                        .getElementsQuery()
                        .filterByType(CamundaIn.class)
                        .list();
        List<CamundaOut> outs = call.getExtensionElements() == null
                ? List.of()
                : call.getExtensionElements()
                        .getElementsQuery()
                        .filterByType(CamundaOut.class)
                        .list();
        if (ins.stream().noneMatch(in -> BUSINESS_KEY_PASSED_ON.equals(in.getCamundaBusinessKey()))) {
            problems.add(describe(call) + " must pass the order id on as business key (camunda:in businessKey=\""
                    + BUSINESS_KEY_PASSED_ON + "\"): Cockpit's search and the CA push find the wait by it");
        }
        if (ProcessVariables.AWAIT_CA_OUTCOME_PROCESS_KEY.equals(call.getCalledElement())) {
            if (ins.stream().noneMatch(in -> "decidedOutcomes".equals(in.getCamundaTarget()))) {
                problems.add(describe(call)
                        + " must say which CA outcomes end the wait (camunda:in target=\"decidedOutcomes\")");
            }
            if (outs.stream().noneMatch(out -> ProcessVariables.CA_OUTCOME.equals(out.getCamundaTarget()))) {
                problems.add(describe(call) + " must hand the CA's outcome back (camunda:out source=\"caOutcome\")");
            }
        }
        return problems;
    }

    private static Optional<String> idConvention(BaseElement element) {
        String id = element.getId();
        String expected = ID_PREFIXES.entrySet().stream()
                .filter(entry -> entry.getKey().isInstance(element))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        if (element instanceof StartEvent) {
            expected = "StartEvent_";
        } else if (element instanceof IntermediateCatchEvent
                || element instanceof IntermediateThrowEvent
                || element instanceof EndEvent
                || element instanceof BoundaryEvent) {
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
