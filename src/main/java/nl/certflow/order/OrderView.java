package nl.certflow.order;

import java.time.Instant;
import java.util.List;

/** The order as the control panel reads it (README, "API summary": GET /api/orders/{id}). */
public record OrderView(
        String id,
        ValidationType validation,
        String commonName,
        List<String> subjectAlternativeNames,
        String csr,
        int validityDays,
        Requester requester,
        Company company,
        OrderStatus status,
        String statusLabel,
        PendingTransition pendingTransition,
        Instant createdAt,
        Instant requestedAt,
        Order.CaReference ca,
        Order.CertificateInfo certificate,
        Order.PrevalidationState prevalidation,
        List<HistoryView> history,
        List<Order.CertificateEntry> certificates,
        DcvView dcv,
        String renewalOf,
        String renewedBy) {

    public record HistoryView(
            OrderStatus status, String statusLabel, PendingTransition pendingTransition, Instant at, String reason) {}

    /** Contract: {@code dcv {method, approverEmail, domains: [{domain, status, instructions, lastCheck}]}}. */
    public record DcvView(DcvMethod method, String approverEmail, List<DomainView> domains) {

        public static DcvView of(Order order) {
            OrderDcv dcv = order.dcv();
            DcvTokens tokens = tokens(order);
            return new DcvView(
                    dcv.method(),
                    dcv.approverEmail(),
                    order.dcvDomains().stream()
                            .map(domain -> {
                                OrderDcv.DomainState state = dcv.state(domain);
                                return new DomainView(
                                        domain,
                                        state.status(),
                                        tokens == null
                                                ? null
                                                : tokens.instruction(dcv.method(), domain, dcv.approverEmail()),
                                        state.lastCheck());
                            })
                            .toList());
        }

        private static DcvTokens tokens(Order order) {
            try {
                return DcvTokens.of(order.csrPem(), order.dcv().uniqueValue());
            } catch (InvalidCsrException e) {
                return null; // a stored CSR was validated on the way in; without one there is nothing to publish
            }
        }
    }

    public record DomainView(
            String domain, DcvStatus status, DcvInstruction instructions, OrderDcv.LastCheck lastCheck) {}

    public static OrderView of(Order order) {
        return new OrderView(
                order.id(),
                order.validation(),
                order.commonName(),
                order.subjectAlternativeNames(),
                order.csrPem(),
                order.validityDays(),
                order.requester(),
                order.company(),
                order.status(),
                order.status().label(),
                order.pendingTransition(),
                order.createdAt(),
                order.requestedAt(),
                order.ca(),
                order.certificate(),
                order.prevalidation(),
                order.history().stream()
                        .map(entry -> new HistoryView(
                                entry.status(),
                                entry.status().label(),
                                entry.pendingTransition(),
                                entry.at(),
                                entry.reason()))
                        .toList(),
                order.certificates(),
                order.dcv() == null ? null : DcvView.of(order),
                order.renewalOf(),
                order.renewedBy());
    }
}
