package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.ERROR_CA_REFUSED_REISSUE;

import nl.certflow.ca.CaOrderService;
import nl.certflow.ca.CaRefusedException;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Submit reissue to CA" (Sectigo AutoReplaceSSL): a refusal keeps the current certificate (BPMN error
 * {@code CaRefusedReissue}); technical failures become retries, then an incident.
 */
@Component("submitReissueToCa")
public class SubmitReissueToCaDelegate implements JavaDelegate {

    private final CaOrderService ca;

    public SubmitReissueToCaDelegate(CaOrderService ca) {
        this.ca = ca;
    }

    @Override
    public void execute(DelegateExecution execution) {
        try {
            ca.reissue(execution.getProcessBusinessKey());
        } catch (CaRefusedException e) {
            throw new BpmnError(ERROR_CA_REFUSED_REISSUE, "The CA refused the reissue: " + e.getMessage());
        }
    }
}
