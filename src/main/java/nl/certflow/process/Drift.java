package nl.certflow.process;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import nl.certflow.ca.CaReportEntry;
import nl.certflow.order.Order;
import nl.certflow.order.OrderStatus;

/**
 * Whether certflow and the CA disagree about one order, in words: the CA issued, rejected or revoked it while
 * certflow shows otherwise, the CA has an order certflow does not know, or the certificate's notAfter differs. The
 * CA's word decides; this only finds the disagreement.
 */
final class Drift {

    private Drift() {}

    static Optional<String> between(CaReportEntry ca, Optional<Order> known, Instant now, Duration grace) {
        if (known.isEmpty()) {
            return Optional.of("CA order " + ca.orderNumber() + " (" + ca.state() + ") is unknown to certflow");
        }
        Order order = known.get();
        Instant lastChange = order.history().isEmpty()
                ? order.createdAt()
                : order.history().get(order.history().size() - 1).at();
        if (lastChange != null && lastChange.plus(grace).isAfter(now)) {
            return Optional.empty(); // a push may still be on its way
        }
        OrderStatus status = order.status();
        String shows = " while certflow shows it " + status.label() + " (" + status + ")";
        switch (ca.state()) {
            case ISSUED -> {
                if (status != OrderStatus.ACTIVE) {
                    return Optional.of("the CA issued order " + ca.orderNumber() + shows);
                }
                Instant ours =
                        order.certificate() == null ? null : order.certificate().notAfter();
                if (ca.notAfter() != null && ours != null && !ca.notAfter().equals(ours)) {
                    return Optional.of("the CA's certificate for order " + ca.orderNumber() + " is valid until "
                            + ca.notAfter() + ", certflow's until " + ours);
                }
            }
            case REJECTED, REVOKED -> {
                if (status != OrderStatus.valueOf(ca.state().name())) {
                    return Optional.of("the CA " + ca.state().name().toLowerCase(Locale.ROOT) + " order "
                            + ca.orderNumber() + shows);
                }
            }
            case EXPIRED -> {
                if (!status.isFinal()) {
                    return Optional.of("the CA reports order " + ca.orderNumber() + " expired" + shows);
                }
            }
            case PENDING -> {
                if (status == OrderStatus.ACTIVE || status.isFinal()) {
                    return Optional.of("the CA has not decided on order " + ca.orderNumber() + " yet" + shows);
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
