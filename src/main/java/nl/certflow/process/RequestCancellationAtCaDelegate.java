package nl.certflow.process;

import nl.certflow.ca.CaOrderService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Request cancellation at CA" and "Request revocation at CA": one CA call cancels an unissued order and revokes an
 * issued certificate (Sectigo's AutoRevokeSSL). The CA confirms later, by push or poll.
 */
@Component("requestCancellationAtCa")
public class RequestCancellationAtCaDelegate implements JavaDelegate {

    private final CaOrderService ca;

    public RequestCancellationAtCaDelegate(CaOrderService ca) {
        this.ca = ca;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ca.cancel(execution.getProcessBusinessKey());
    }
}
