package nl.certflow.process;

import nl.certflow.ca.CaOrderService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Resend DCV e-mail at CA" (Sectigo ResendDCVEmail) while the order waits for the CA's decision. */
@Component("resendDcvEmailAtCa")
public class ResendDcvEmailAtCaDelegate implements JavaDelegate {

    private final CaOrderService ca;

    public ResendDcvEmailAtCaDelegate(CaOrderService ca) {
        this.ca = ca;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ca.resendDcvEmail(execution.getProcessBusinessKey());
    }
}
