package nl.certflow.order;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The order as the control panel reads it (README, "API summary": GET /api/orders/{id}). */
public record OrderView(
        String id,
        ValidationType validation,
        String commonName,
        List<String> subjectAlternativeNames,
        String csr,
        Integer validityDays,
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
        TermView term,
        List<ScheduleEntry> schedule,
        String renewalOf,
        String renewedBy) {

    /** Contract, "Term and renewal": {@code term {months, startsAt, endsAt}}; the dates are null until the first issue. */
    public record TermView(int months, Instant startsAt, Instant endsAt) {}

    /**
     * One certificate of the term, from the current one to the last: valid from, until, and when certflow reissues it
     * ({@code reissueAt} null: the last, it expires with the term). Before the first issue, planned as if issued now.
     */
    public record ScheduleEntry(Instant validFrom, Instant validUntil, Instant reissueAt) {}

    /** The planned certificates of an order's term; empty without a term or once the order is final. */
    public static List<ScheduleEntry> schedule(Order order, TermSchedule schedule, Instant now) {
        Order.Term term = order.term();
        if (term == null || order.status().isFinal()) {
            return List.of();
        }
        List<TermSchedule.Entry> plan = order.certificate() != null && term.startsAt() != null
                ? schedule.plan(
                        order.certificate().notBefore(),
                        order.certificate().notAfter(),
                        term.endsAt(),
                        order.validityCap())
                : schedule.planFromStart(now.truncatedTo(ChronoUnit.SECONDS), term.months(), order.validityCap());
        return plan.stream()
                .map(entry -> new ScheduleEntry(entry.validFrom(), entry.validUntil(), entry.reissueAt()))
                .toList();
    }

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
                // during a pending reissue with a new CSR: that CSR, as the CA hashes it
                return DcvTokens.of(order.dcvCsrPem(), order.dcv().uniqueValue());
            } catch (InvalidCsrException e) {
                return null; // a stored CSR was validated on the way in; without one there is nothing to publish
            }
        }
    }

    public record DomainView(
            String domain, DcvStatus status, DcvInstruction instructions, OrderDcv.LastCheck lastCheck) {}

    /** A replaced certificate left valid until its end (an automatic reissue) is EXPIRED once that end has passed. */
    private static List<Order.CertificateEntry> certificates(Order order, Instant now) {
        return order.certificates().stream()
                .map(entry -> entry.state() == CertificateState.REPLACED
                                && !entry.notAfter().isAfter(now)
                        ? new Order.CertificateEntry(
                                entry.certificateId(),
                                entry.serialNumber(),
                                entry.notBefore(),
                                entry.notAfter(),
                                CertificateState.EXPIRED)
                        : entry)
                .toList();
    }

    public static OrderView of(Order order, TermSchedule termSchedule, Instant now) {
        return new OrderView(
                order.id(),
                order.validation(),
                order.commonName(),
                order.subjectAlternativeNames(),
                order.csrPem(),
                order.validityCap(),
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
                certificates(order, now),
                order.dcv() == null ? null : DcvView.of(order),
                order.term() == null
                        ? null
                        : new TermView(
                                order.term().months(),
                                order.term().startsAt(),
                                order.term().endsAt()),
                schedule(order, termSchedule, now),
                order.renewalOf(),
                order.renewedBy());
    }
}
