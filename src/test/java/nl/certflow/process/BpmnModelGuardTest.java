package nl.certflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Fails with a message an analyst can act on when a change to bpmn/*.bpmn loses something the code relies on — and
 * proves it by breaking copies of the model on purpose.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class BpmnModelGuardTest {

    private static final Path ORDER_MODEL = Path.of("bpmn/CertificateOrderProcess.bpmn");

    @Autowired
    ApplicationContext context;

    @ParameterizedTest
    @ValueSource(strings = {"bpmn/CertificateOrderProcess.bpmn", "bpmn/CaPushDeliveryProcess.bpmn"})
    void theModelsKeepEverythingTheCodeReliesOn(String file) throws IOException {
        List<String> messages = file.contains("CertificateOrder") ? BpmnModelGuard.constants("MSG_") : List.of();
        List<String> errors = file.contains("CertificateOrder") ? BpmnModelGuard.constants("ERROR_") : List.of();
        assertThat(violations(Files.readString(Path.of(file)), messages, errors)).isEmpty();
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
                .anyMatch(problem -> problem.contains("calls 'submitOrderToTheCa', which the application does not have"));
    }

    @Test
    void aTaskWithoutDelegateIsCaught() throws IOException {
        String broken = Files.readString(ORDER_MODEL).replaceFirst(" camunda:delegateExpression=\"\\$\\{recordOrderStatus}\"", "");
        assertThat(violations(broken, List.of(), List.of())).anyMatch(problem -> problem.contains("must call a bean"));
    }

    @Test
    void aMissingShapeAndABadIdAreCaught() throws IOException {
        String broken = Files.readString(ORDER_MODEL)
                .replaceAll("<bpmndi:BPMNShape id=\"Task_WithdrawOrder_di\"[\\s\\S]*?</bpmndi:BPMNShape>", "")
                .replace("\"Gateway_AwaitSubmit\"", "\"ExclusiveGateway_1\"").replace(">Gateway_AwaitSubmit<", ">ExclusiveGateway_1<");
        List<String> problems = violations(broken, List.of(), List.of());
        assertThat(problems).anyMatch(problem -> problem.contains("Task_WithdrawOrder) has no shape"));
        assertThat(problems).anyMatch(problem -> problem.contains("ExclusiveGateway_1") && problem.contains("Gateway_"));
    }

    @Test
    void aLostErrorCodeIsCaught() throws IOException {
        String broken = Files.readString(ORDER_MODEL).replace("errorCode=\"CaRefusedOrder\"", "errorCode=\"Refused\"");
        assertThat(violations(broken, List.of(), BpmnModelGuard.constants("ERROR_")))
                .anyMatch(problem -> problem.contains("raises BPMN error 'CaRefusedOrder'"));
    }

    private List<String> violations(String xml, List<String> messages, List<String> errors) {
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        return BpmnModelGuard.violations(model, messages, errors, context::containsBean);
    }
}
