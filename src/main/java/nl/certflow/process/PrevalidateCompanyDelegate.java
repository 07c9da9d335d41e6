package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.ERROR_PREVALIDATION_FAILED;

import nl.certflow.prevalidation.PrevalidationResult;
import nl.certflow.prevalidation.PrevalidationService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/** "Prevalidate company at KvK": a failed check is a business outcome (BPMN error); a register outage is retried. */
@Component("prevalidateCompany")
public class PrevalidateCompanyDelegate implements JavaDelegate {

    private final PrevalidationService prevalidation;

    public PrevalidateCompanyDelegate(PrevalidationService prevalidation) {
        this.prevalidation = prevalidation;
    }

    @Override
    public void execute(DelegateExecution execution) {
        PrevalidationResult result = prevalidation.prevalidate(execution.getProcessBusinessKey());
        if (!result.passed()) {
            throw new BpmnError(
                    ERROR_PREVALIDATION_FAILED, "Prevalidation failed: " + String.join("; ", result.reasons()));
        }
    }
}
