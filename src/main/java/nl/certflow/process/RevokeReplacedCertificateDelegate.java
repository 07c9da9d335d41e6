package nl.certflow.process;

import nl.certflow.ca.CaOrderService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Revoke replaced certificate at CA": Sectigo's AutoReplaceSSL does not necessarily revoke the certificate it
 * replaces, so certflow does (reason superseded, or keyCompromise: BR 4.9.1.1 gives the CA 24 hours for that).
 */
@Component("revokeReplacedCertificate")
public class RevokeReplacedCertificateDelegate implements JavaDelegate {

    private final CaOrderService ca;

    public RevokeReplacedCertificateDelegate(CaOrderService ca) {
        this.ca = ca;
    }

    @Override
    public void execute(DelegateExecution execution) {
        ca.revokeReplaced(execution.getProcessBusinessKey());
    }
}
