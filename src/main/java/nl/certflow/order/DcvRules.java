package nl.certflow.order;

import java.util.List;

/**
 * What the order needs to know of DCV beyond its own data: the configured default method and the approver addresses
 * the CA allows for a domain (implemented in {@code nl.certflow.dcv}, which asks the CA).
 */
public interface DcvRules {

    DcvMethod defaultMethod();

    /** The CA's allowed approver addresses for the domain (Sectigo GetDCVEmailAddressList). */
    List<String> approverEmails(String domain);
}
