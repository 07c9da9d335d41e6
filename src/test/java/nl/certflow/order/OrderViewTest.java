package nl.certflow.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import nl.certflow.DatabaseIndependent;
import nl.certflow.order.Order.CertificateEntry;
import org.junit.jupiter.api.Test;

/**
 * The certificates an order shows: a certificate an automatic reissue replaced stays valid until its own
 * notAfter (REPLACED), and shows EXPIRED once that has passed; the other states are as stored.
 */
@DatabaseIndependent
class OrderViewTest {

    private static final Instant NOW = Instant.parse("2027-05-01T12:00:00Z");

    @Test
    void aReplacedCertificatePastItsEndShowsExpired() {
        Order order = order(List.of(
                entry("01", "2026-09-01T00:00:00Z", CertificateState.REVOKED),
                entry("02", "2027-05-01T12:00:00Z", CertificateState.REPLACED),
                entry("03", "2027-05-20T00:00:00Z", CertificateState.REPLACED),
                entry("04", "2027-08-01T00:00:00Z", CertificateState.CURRENT)));

        List<CertificateEntry> shown =
                OrderView.of(order, TermSchedule.defaults(), NOW).certificates();

        assertThat(shown)
                .extracting(CertificateEntry::state)
                .as(
                        "revoked as stored; replaced and ended at this very moment: expired; replaced and still valid; current")
                .containsExactly(
                        CertificateState.REVOKED,
                        CertificateState.EXPIRED,
                        CertificateState.REPLACED,
                        CertificateState.CURRENT);
        assertThat(shown).extracting(CertificateEntry::serialNumber).containsExactly("01", "02", "03", "04");
    }

    private static CertificateEntry entry(String serial, String notAfter, CertificateState state) {
        Instant end = Instant.parse(notAfter);
        return new CertificateEntry("cert-" + serial, serial, end.minusSeconds(86_400 * 100), end, state);
    }

    private static Order order(List<CertificateEntry> certificates) {
        return new Order(
                "order-1",
                "alice",
                ValidationType.DV,
                "www.example.com",
                List.of(),
                null,
                90,
                null,
                null,
                OrderStatus.ACTIVE,
                null,
                NOW.minusSeconds(86_400 * 400),
                null,
                null,
                null,
                null,
                null,
                List.of(),
                certificates,
                null);
    }
}
