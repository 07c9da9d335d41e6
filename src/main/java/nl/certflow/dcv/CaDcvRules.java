package nl.certflow.dcv;

import java.util.List;
import nl.certflow.ca.CaOrderService;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.DcvRules;
import org.springframework.stereotype.Component;

/** The order's DCV rules: the configured default method, and the approver addresses as the CA lists them. */
@Component
class CaDcvRules implements DcvRules {

    private final DcvProperties properties;
    private final CaOrderService ca;

    CaDcvRules(DcvProperties properties, CaOrderService ca) {
        this.properties = properties;
        this.ca = ca;
    }

    @Override
    public DcvMethod defaultMethod() {
        return properties.defaultMethod();
    }

    @Override
    public List<String> approverEmails(String domain) {
        return ca.approverEmails(domain);
    }
}
