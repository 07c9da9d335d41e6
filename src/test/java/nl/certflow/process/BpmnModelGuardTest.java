package nl.certflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;

/**
 * Fails with a message an analyst can act on when a change to bpmn/*.bpmn loses something the code relies on — and
 * proves it by breaking copies of the models on purpose. Plain: reads the files with the model API, no engine, no
 * Spring context (the beans the tasks may call are the application's named components).
 */
class BpmnModelGuardTest {

    private static final Path ORDER_MODEL = Path.of("bpmn/CertificateOrderProcess.bpmn");
    private static final Set<String> BEANS = namedComponents();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bpmn/CertificateOrderProcess.bpmn",
                "bpmn/AwaitCaOutcomeProcess.bpmn",
                "bpmn/CaPushDeliveryProcess.bpmn"
            })
    void theModelsKeepEverythingTheCodeReliesOn(String file) throws IOException {
        List<String> messages = file.contains("CertificateOrder") ? BpmnModelGuard.constants("MSG_") : List.of();
        List<String> errors = file.contains("CertificateOrder") ? BpmnModelGuard.constants("ERROR_") : List.of();
        assertThat(violations(Files.readString(Path.of(file)), messages, errors))
                .isEmpty();
    }

    @Test
    void theBpmnFolderHoldsTheModelsTheCodeStarts() throws IOException {
        assertThat(processesInBpmnFolder())
                .contains(
                        ProcessVariables.PROCESS_KEY,
                        ProcessVariables.AWAIT_CA_OUTCOME_PROCESS_KEY,
                        "CaPushDeliveryProcess");
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
        return BpmnModelGuard.violations(model, messages, errors, BEANS::contains, processesInBpmnFolder());
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

    /** The bean names of the application's components, as Spring names them: the annotation's value. */
    private static Set<String> namedComponents() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
        return scanner.findCandidateComponents("nl.certflow").stream()
                .map(BeanDefinition::getBeanClassName)
                .map(BpmnModelGuardTest::componentName)
                .collect(Collectors.toSet());
    }

    private static String componentName(String className) {
        try {
            Component component = Class.forName(className).getAnnotation(Component.class);
            return component == null || component.value().isEmpty() ? "" : component.value();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
