package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.*;

import nl.certflow.ca.CaOrderService;
import nl.certflow.order.DcvMethod;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Change DCV method at CA" (Sectigo AutoUpdateDCV) while the order waits for the CA's decision: the method and
 * approver address the customer's {@code Msg_ChangeDcvMethod} brought ({@code dcvMethod}, {@code dcvApproverEmail}).
 */
@Component("changeDcvMethodAtCa")
public class ChangeDcvMethodAtCaDelegate implements JavaDelegate {

    private final CaOrderService ca;

    public ChangeDcvMethodAtCaDelegate(CaOrderService ca) {
        this.ca = ca;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ca.changeDcvMethod(
                execution.getProcessBusinessKey(),
                DcvMethod.valueOf((String) execution.getVariable(DCV_METHOD)),
                (String) execution.getVariable(DCV_APPROVER_EMAIL));
    }
}
