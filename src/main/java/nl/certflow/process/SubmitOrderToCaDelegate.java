package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.CA_ORDER_NUMBER;
import static nl.certflow.process.ProcessVariables.ERROR_CA_REFUSED_ORDER;

import nl.certflow.ca.CaOrderService;
import nl.certflow.ca.CaRefusedException;
import nl.certflow.ca.CaSubmission;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Submit order to CA": a refusal ends the order as Afgekeurd; technical failures become retries, then an incident. */
@Component("submitOrderToCa")
public class SubmitOrderToCaDelegate implements JavaDelegate {

    private final CaOrderService ca;

    public SubmitOrderToCaDelegate(CaOrderService ca) {
        this.ca = ca;
    }

    @Override
    public void execute(DelegateExecution execution) {
        try {
            CaSubmission submission = ca.submit(execution.getProcessBusinessKey());
            execution.setVariable(CA_ORDER_NUMBER, submission.orderNumber());
        } catch (CaRefusedException e) {
            throw new BpmnError(ERROR_CA_REFUSED_ORDER, "Refused by the CA: " + e.getMessage());
        }
    }
}
