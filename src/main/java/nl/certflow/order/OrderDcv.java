package nl.certflow.order;

import java.time.Instant;
import java.util.List;

/**
 * The order's domain control validation as the store holds it: the method the customer chose, the approver address
 * for {@code EMAIL}, the {@code uniqueValue} certflow sends to the CA (so two orders with the same CSR never share a
 * token), and what is known per domain. A domain without an entry in {@code domains} is pending and unchecked.
 * {@code reissueCsrPem} is the new CSR of the order's last reissue until the replacement is issued (null without
 * one): while that reissue is pending the CA hashes it, not the order's CSR (see {@link Order#dcvCsrPem()}).
 */
public record OrderDcv(
        DcvMethod method, String approverEmail, String uniqueValue, List<DomainState> domains, String reissueCsrPem) {

    /** Without a reissue CSR. */
    public OrderDcv(DcvMethod method, String approverEmail, String uniqueValue, List<DomainState> domains) {
        this(method, approverEmail, uniqueValue, domains, null);
    }

    /** The CA's verdict on one domain and certflow's own last look at its record. */
    public record DomainState(String domain, DcvStatus status, LastCheck lastCheck) {}

    /** certflow's own look at DNS or the URL: whether the record is in place, and if not what was found instead. */
    public record LastCheck(Instant at, boolean found, String detail) {}

    /** The method and approver address a request chose, validated. */
    public record Choice(DcvMethod method, String approverEmail) {}

    public DomainState state(String domain) {
        return domains.stream()
                .filter(state -> state.domain().equals(domain))
                .findFirst()
                .orElse(new DomainState(domain, DcvStatus.PENDING, null));
    }
}
