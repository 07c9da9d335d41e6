package nl.certflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nl.certflow.DatabaseIndependent;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;

/**
 * Fails with a message an analyst can act on when a change to bpmn/*.bpmn loses something the code relies on — and
 * proves it by breaking copies of the models on purpose. Plain: reads the files with the model API, no engine, no
 * Spring context (the beans the tasks may call are the application's named components).
 */
@DatabaseIndependent
class BpmnModelGuardTest {

    private static final Path ORDER_MODEL = Path.of("bpmn/CertificateOrderProcess.bpmn");
    private static final Path RECONCILE_MODEL = Path.of("bpmn/ReconcileWithCaProcess.bpmn");
    private static final Map<String, Class<?>> BEANS = namedComponents();

    /** Every file in bpmn/, also one added later: the engine deploys them all. */
    static Stream<String> everyModel() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            return files.map(Path::toString).filter(file -> file.endsWith(".bpmn")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("everyModel")
    void theModelsKeepEverythingTheCodeReliesOn(String file) throws IOException {
        List<String> messages = file.contains("CertificateOrder") ? BpmnModelGuard.constants("MSG_") : List.of();
        List<String> errors = file.contains("CertificateOrder") ? BpmnModelGuard.constants("ERROR_") : List.of();
        assertThat(violations(Files.readString(Path.of(file)), messages, errors))
                .as("what %s lost that the code relies on", file)
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("everyModel")
    void eachFileHoldsOneProcessNamedLikeTheFile(String file) {
        List<String> processes =
                Bpmn.readModelFromFile(Path.of(file).toFile()).getModelElementsByType(Process.class).stream()
                        .map(Process::getId)
                        .toList();
        String expected = Path.of(file).getFileName().toString().replace(".bpmn", "");
        assertThat(processes)
                .as(
                        "%s should hold exactly one process, with the id %s (the pictures in docs/ and the migration"
                                + " are named by it)",
                        file, expected)
                .containsExactly(expected);
    }

    @Test
    void theBpmnFolderHoldsTheModelsTheCodeStarts() throws IOException {
        assertThat(processesInBpmnFolder())
                .contains(
                        ProcessVariables.PROCESS_KEY,
                        ProcessVariables.AWAIT_CA_OUTCOME_PROCESS_KEY,
                        "CaPushDeliveryProcess",
                        "ReconcileWithCaProcess");
    }

    @Test
    void theBeansThatCallTheCaOrTheKvkAreKnown() {
        assertThat(BEANS.keySet().stream().filter(BpmnModelGuardTest::callsOutside))
                .as("the delegates that talk to the CA or the KvK (their constructors take a CA or KvK service)")
                .contains(
                        "submitOrderToCa",
                        "submitReissueToCa",
                        "revokeReplacedCertificate",
                        "requestCancellationAtCa",
                        "prevalidateCompany",
                        "collectCaStatus",
                        "reconcileWithCa",
                        "reportUnrepairedDrift")
                .doesNotContain("recordOrderStatus");
    }

    @Test
    void aCallToTheCaInTheForegroundIsCaught() throws IOException {
        String broken = Files.readString(RECONCILE_MODEL)
                .replace(
                        "name=\"Compare orders with CA\" camunda:asyncBefore=\"true\"",
                        "name=\"Compare orders with CA\"")
                .replaceFirst("<camunda:failedJobRetryTimeCycle>PT1M</camunda:failedJobRetryTimeCycle>", "");
        List<String> problems = violations(broken, List.of(), List.of());
        assertThat(problems)
                .anyMatch(problem -> problem.startsWith("'Compare orders with CA' (Task_CompareOrdersWithCa) calls"
                                + " the CA or the KvK ('reconcileWithCa'), so it must run in the background")
                        && !problem.contains("retry schedule"))
                .anyMatch(problem -> problem.startsWith("'Report unrepaired drift' (Task_ReportUnrepairedDrift)")
                        && problem.contains("must have a retry schedule"));
    }

    @Test
    void aMissingLabelIsCaught() throws IOException {
        List<String> problems = violations(
                Files.readString(RECONCILE_MODEL).replace(" name=\"Report unrepaired drift\"", ""),
                List.of(),
                List.of());
        assertThat(problems)
                .contains("Task_ReportUnrepairedDrift has no label: give it a name that says what happens there");
        List<String> decisions = violations(
                Files.readString(ORDER_MODEL)
                        .replace(" name=\"Revoked by CA?\"", "")
                        .replaceFirst("(<bpmn:sequenceFlow id=\"Flow_RevokedByCa\") name=\"[^\"]*\"", "$1"),
                List.of(),
                List.of());
        assertThat(decisions)
                .contains("The decision Gateway_RevokedByCa has no label: name it with the question it answers"
                        + " (e.g. 'Revoked by CA?')")
                .contains("The way out Flow_RevokedByCa of the decision Gateway_RevokedByCa has no label: name the"
                        + " answer it stands for");
    }

    @Test
    void aTimerReadingAnUnknownSettingIsCaught() throws IOException {
        String broken = Files.readString(RECONCILE_MODEL).replace("${reconciliation.cycle}", "${reconcile.cycle}");
        assertThat(violations(broken, List.of(), List.of()))
                .contains("'Reconciliation due' (StartEvent_ReconciliationDue) reads the setting ${reconcile.cycle},"
                        + " but the application has no bean 'reconcile'");
    }

    @Test
    void aReconciliationWithoutHistoryTimeToLiveOrWithABadIdIsCaught() throws IOException {
        String broken = Files.readString(RECONCILE_MODEL)
                .replace(" camunda:historyTimeToLive=\"P30D\"", "")
                .replace("\"Event_ReconciliationDone\"", "\"EndEvent_1\"");
        assertThat(violations(broken, List.of(), List.of()))
                .contains("Process ReconcileWithCaProcess has no camunda:historyTimeToLive")
                .contains("Id 'EndEvent_1' of 'Reconciliation done' (EndEvent_1) should start with Event_");
    }

    @Test
    void anUnboundReconciliationDelegateIsCaught() throws IOException {
        String broken = Files.readString(RECONCILE_MODEL).replace("${reportUnrepairedDrift}", "${reportDrift}");
        assertThat(violations(broken, List.of(), List.of()))
                .contains("Task 'Report unrepaired drift' (Task_ReportUnrepairedDrift) calls 'reportDrift', which the"
                        + " application does not have");
    }

    @Test
    void aRemovedMessageIsCaught() throws IOException {
        String broken = Files.readString(ORDER_MODEL).replace("name=\"Msg_CancelOrder\"", "name=\"Msg_Cancel\"");
        assertThat(violations(broken, BpmnModelGuard.constants("MSG_"), List.of()))
                .anyMatch(problem -> problem.contains("sends message 'Msg_CancelOrder'"));
    }

    @Test
    void anUnboundDelegateIsCaught() throws IOException {
        String broken = Files.readString(ORDER_MODEL).replaceFirst("\\$\\{submitOrderToCa}", "\\${submitOrderToTheCa}");
        assertThat(violations(broken, List.of(), List.of()))
                .anyMatch(
                        problem -> problem.contains("calls 'submitOrderToTheCa', which the application does not have"));
    }

    @Test
    void aTaskWithoutDelegateIsCaught() throws IOException {
        String broken = Files.readString(ORDER_MODEL)
                .replaceFirst(" camunda:delegateExpression=\"\\$\\{recordOrderStatus}\"", "");
        assertThat(violations(broken, List.of(), List.of())).anyMatch(problem -> problem.contains("must call a bean"));
    }

    @Test
    void aMissingShapeAndABadIdAreCaught() throws IOException {
        String broken = Files.readString(ORDER_MODEL)
                .replaceAll("<bpmndi:BPMNShape id=\"Task_WithdrawOrder_di\"[\\s\\S]*?</bpmndi:BPMNShape>", "")
                .replaceAll(
                        "<bpmndi:BPMNShape id=\"Event_CancelRequestedWhileRequested_di\"[\\s\\S]*?</bpmndi:BPMNShape>",
                        "")
                .replace("\"Gateway_AwaitSubmit\"", "\"ExclusiveGateway_1\"")
                .replace(">Gateway_AwaitSubmit<", ">ExclusiveGateway_1<");
        List<String> problems = violations(broken, List.of(), List.of());
        assertThat(problems).anyMatch(problem -> problem.contains("Task_WithdrawOrder) has no shape"));
        assertThat(problems).anyMatch(problem -> problem.contains("Event_CancelRequestedWhileRequested) has no shape"));
        assertThat(problems)
                .anyMatch(problem -> problem.contains("ExclusiveGateway_1") && problem.contains("Gateway_"));
    }

    @Test
    void aLostErrorCodeIsCaught() throws IOException {
        String broken = Files.readString(ORDER_MODEL).replace("errorCode=\"CaRefusedOrder\"", "errorCode=\"Refused\"");
        assertThat(violations(broken, List.of(), BpmnModelGuard.constants("ERROR_")))
                .anyMatch(problem -> problem.contains("raises BPMN error 'CaRefusedOrder'"));
    }

    @Test
    void aWaitForTheCaWithoutTheOrderIdAsBusinessKeyIsCaught() throws IOException {
        String broken = Files.readString(ORDER_MODEL)
                .replaceFirst("<camunda:in businessKey=\"#\\{execution.processBusinessKey}\" />", "");
        assertThat(violations(broken, List.of(), List.of()))
                .anyMatch(problem -> problem.contains("must pass the order id on as business key"));
    }

    @Test
    void aWaitForTheCaThatSaysNotWhenItIsDecidedIsCaught() throws IOException {
        String model = Files.readString(ORDER_MODEL);
        assertThat(violations(
                        model.replaceFirst("target=\"decidedOutcomes\"", "target=\"decided\""), List.of(), List.of()))
                .anyMatch(problem -> problem.contains("which CA outcomes end the wait"));
        assertThat(violations(
                        model.replaceFirst(
                                "calledElement=\"AwaitCaOutcomeProcess\"", "calledElement=\"AwaitCaOutcome\""),
                        List.of(),
                        List.of()))
                .anyMatch(problem -> problem.contains("calls process 'AwaitCaOutcome', which no file in bpmn/ has"));
    }

    @Test
    void theWaitLoopDrawnAgainIsCaught() throws IOException {
        String broken = Files.readString(ORDER_MODEL)
                .replace(
                        "<bpmn:timeDate xsi:type=\"bpmn:tFormalExpression\">${notAfter}</bpmn:timeDate>",
                        "<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">${caPolling.interval}</bpmn:timeDuration>");
        assertThat(violations(broken, List.of(), List.of()))
                .anyMatch(problem -> problem.contains("Event_CertificateExpired") && problem.contains("drawn once"));
    }

    @Test
    void anExpiryTimerTheCodeCannotMoveIsCaught() throws IOException {
        String broken = Files.readString(ORDER_MODEL)
                .replace(
                        "<bpmn:timeDate xsi:type=\"bpmn:tFormalExpression\">${notAfter}</bpmn:timeDate>",
                        "<bpmn:timeDate xsi:type=\"bpmn:tFormalExpression\">${validUntil}</bpmn:timeDate>");
        assertThat(violations(broken, List.of(), List.of()))
                .anyMatch(problem -> problem.startsWith(
                        "The order process must keep its expiry timer" + " Event_CertificateExpired"));
    }

    @Test
    void aRecordStepThatHidesWhatItWritesIsCaught() throws IOException {
        String broken = Files.readString(ORDER_MODEL)
                .replaceFirst(
                        "\\s*<camunda:outputParameter name=\"pendingTransition\">\\$\\{newPendingTransition}</camunda:outputParameter>",
                        "");
        assertThat(violations(broken, List.of(), List.of()))
                .anyMatch(problem ->
                        problem.contains("Task_MarkRequestPending") && problem.contains("write the outputs"));
    }

    private static List<String> violations(String xml, List<String> messages, List<String> errors) throws IOException {
        BpmnModelInstance model =
                Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return BpmnModelGuard.violations(
                model, messages, errors, BEANS::containsKey, BpmnModelGuardTest::callsOutside, processesInBpmnFolder());
    }

    private static Set<String> processesInBpmnFolder() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            return files.filter(file -> file.toString().endsWith(".bpmn"))
                    .flatMap(file ->
                            Bpmn.readModelFromFile(file.toFile()).getModelElementsByType(Process.class).stream())
                    .map(Process::getId)
                    .collect(Collectors.toSet());
        }
    }

    /**
     * A bean that talks to the CA or the KvK: its constructor takes something from the packages {@code ca} or
     * {@code prevalidation} (the CA port and its services, the KvK prevalidation).
     */
    static boolean callsOutside(String bean) {
        Class<?> type = BEANS.get(bean);
        return type != null
                && Arrays.stream(type.getConstructors())
                        .flatMap(constructor -> Arrays.stream(constructor.getParameterTypes()))
                        .map(Class::getPackageName)
                        .anyMatch(name ->
                                name.startsWith("nl.certflow.ca") || name.startsWith("nl.certflow.prevalidation"));
    }

    /** The application's components by bean name, as Spring names them: the annotation's value. */
    static Map<String, Class<?>> namedComponents() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
        Map<String, Class<?>> beans = new HashMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("nl.certflow")) {
            try {
                Class<?> type = Class.forName(candidate.getBeanClassName());
                Component component = type.getAnnotation(Component.class);
                if (component != null && !component.value().isEmpty()) {
                    beans.put(component.value(), type);
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return beans;
    }
}
