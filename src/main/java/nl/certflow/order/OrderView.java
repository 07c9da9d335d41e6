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
        List<Order.CertificateEntry> certificates) {

    public record HistoryView(
            OrderStatus status, String statusLabel, PendingTransition pendingTransition, Instant at, String reason) {}

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
                order.certificates());
    }
}
