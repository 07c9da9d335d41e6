package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.*;

import java.util.Date;
import nl.certflow.ca.CaOrderService;
import nl.certflow.ca.CaStatus;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Collect … status at CA": a push or poll only says something may have changed; what the CA answers here decides
 * where the process goes ({@code caOutcome}), so a forged or stale push moves nothing. Writes {@code caOutcome},
 * {@code caReport} (the CA's answer in the customer's words), {@code certificateReport} and {@code notAfter} (when
 * the CA has issued a certificate, also one revoked since), and moves the order's expiry timer when that notAfter
 * differs from the timer's.
 */
@Component("collectCaStatus")
public class CollectCaStatusDelegate implements JavaDelegate {

    private final CaOrderService ca;

    public CollectCaStatusDelegate(CaOrderService ca) {
        this.ca = ca;
    }

    @Override
    public void execute(DelegateExecution execution) {
        write(execution, ca.collect(execution.getProcessBusinessKey()));
    }

    static void write(DelegateExecution execution, CaStatus status) {
        execution.setVariable(CA_OUTCOME, status.state().name());
        execution.setVariable(CA_REPORT, CaOrderService.describe(status));
        if (status.certificate() != null) {
            execution.setVariable(CERTIFICATE_REPORT, CaOrderService.describeIssued(status.certificate()));
            Date notAfter = Date.from(status.certificate().notAfter());
            execution.setVariable(NOT_AFTER, notAfter);
            followNotAfter(execution, notAfter);
        }
    }

    /**
     * The expiry timer reads {@code ${notAfter}} once, when the order becomes Actief. When the CA now names another end
     * date (a drift the reconciliation found, a certificate the CA replaced on its own), the timer is evaluated again
     * with the new {@code notAfter}, in this transaction: the model stays the one place that says when an order
     * expires.
     */
    private static void followNotAfter(DelegateExecution execution, Date notAfter) {
        ManagementService management = execution.getProcessEngineServices().getManagementService();
        management
                .createJobQuery()
                .processInstanceId(execution.getProcessInstanceId())
                .activityId(EXPIRY_TIMER)
                .timers()
                .list()
                .stream()
                .filter(timer -> !notAfter.equals(timer.getDuedate()))
                .forEach(timer -> management.recalculateJobDuedate(timer.getId(), false));
    }
}
