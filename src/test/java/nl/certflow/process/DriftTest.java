package nl.certflow.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.certflow.DatabaseIndependent;
import nl.certflow.ca.CaReportEntry;
import nl.certflow.ca.CaState;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.Order;
import nl.certflow.order.Order.CertificateInfo;
import nl.certflow.order.Order.HistoryEntry;
import nl.certflow.order.OrderDcv;
import nl.certflow.order.OrderStatus;
import nl.certflow.order.ValidationType;
import org.junit.jupiter.api.Test;

/** What counts as drift between the CA's report and certflow's order (issue 16), and what does not. */
@DatabaseIndependent
class DriftTest {

    private static final Instant NOW = Instant.parse("2026-12-02T02:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2027-06-01T00:00:00Z");

    @Test
    void theCaDecidedWhileCertflowShowsOtherwise() {
        assertThat(drift(CaState.REVOKED, OrderStatus.ACTIVE))
                .contains("the CA revoked order 1001 while certflow shows it Actief (ACTIVE)");
        assertThat(drift(CaState.ISSUED, OrderStatus.REQUESTED))
                .contains("the CA issued order 1001 while certflow shows it Aangevraagd (REQUESTED)");
        assertThat(drift(CaState.REJECTED, OrderStatus.REQUESTED))
                .contains("the CA rejected order 1001 while certflow shows it Aangevraagd (REQUESTED)");
    }

    @Test
    void agreementAndUndecidedOrdersAreNoDrift() {
        assertThat(drift(CaState.ISSUED, OrderStatus.ACTIVE)).isEmpty();
        assertThat(drift(CaState.REVOKED, OrderStatus.REVOKED)).isEmpty();
        assertThat(drift(CaState.PENDING, OrderStatus.REQUESTED)).isEmpty();
    }

    @Test
    void anUnknownOrderAndADifferentNotAfterAreDrift() {
        assertThat(Drift.between(entry(CaState.ISSUED, NOT_AFTER), Optional.empty(), NOW, Duration.ZERO))
                .contains("CA order 1001 (ISSUED) is unknown to certflow");
        Instant other = NOT_AFTER.plus(Duration.ofDays(1));
        assertThat(Drift.between(
                        entry(CaState.ISSUED, other), Optional.of(order(OrderStatus.ACTIVE)), NOW, Duration.ZERO))
                .contains("the CA's certificate for order 1001 is valid until " + other + ", certflow's until "
                        + NOT_AFTER);
    }

    @Test
    void aFreshChangeIsGivenTimeForItsPush() {
        assertThat(Drift.between(
                        entry(CaState.REVOKED, NOT_AFTER),
                        Optional.of(order(OrderStatus.ACTIVE)),
                        NOW.plus(Duration.ofMinutes(30)),
                        Duration.ofHours(1)))
                .isEmpty();
    }

    private static Optional<String> drift(CaState ca, OrderStatus ours) {
        return Drift.between(entry(ca, NOT_AFTER), Optional.of(order(ours)), NOW, Duration.ZERO);
    }

    private static CaReportEntry entry(CaState state, Instant notAfter) {
        return new CaReportEntry("1001", state, "2002", notAfter);
    }

    private static Order order(OrderStatus status) {
        return new Order(
                "order-1",
                "alice",
                ValidationType.DV,
                "www.example.com",
                List.of(),
                "csr",
                90,
                null,
                null,
                status,
                null,
                NOW.minus(Duration.ofDays(10)),
                NOW.minus(Duration.ofDays(10)),
                null,
                new Order.CaReference("1001", "2002"),
                new CertificateInfo("0A", NOW.minus(Duration.ofDays(9)), NOT_AFTER, "pem", null),
                null,
                List.of(new HistoryEntry(status, null, NOW, "x")),
                List.of(),
                new OrderDcv(DcvMethod.CNAME_CSR_HASH, null, null, List.of()));
    }
}
