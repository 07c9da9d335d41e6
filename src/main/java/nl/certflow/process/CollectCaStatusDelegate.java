package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.*;

import java.util.Date;
import nl.certflow.ca.CaOrderService;
import nl.certflow.ca.CaStatus;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Collect … status at CA": a push or poll only says something may have changed; what the CA answers here decides
 * where the process goes ({@code caOutcome}), so a forged or stale push moves nothing.
 */
@Component("collectCaStatus")
public class CollectCaStatusDelegate implements JavaDelegate {

    private final CaOrderService ca;

    public CollectCaStatusDelegate(CaOrderService ca) {
        this.ca = ca;
    }

    @Override
    public void execute(DelegateExecution execution) {
        CaStatus status = ca.collect(execution.getProcessBusinessKey());
        execution.setVariable(CA_OUTCOME, status.state().name());
        execution.setVariable(STATUS_REASON, CaOrderService.describe(status));
        if (status.certificate() != null) {
            execution.setVariable(NOT_AFTER, Date.from(status.certificate().notAfter()));
        }
    }
}
