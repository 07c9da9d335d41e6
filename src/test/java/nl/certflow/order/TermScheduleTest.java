package nl.certflow.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.certflow.DatabaseIndependent;
import nl.certflow.order.TermSchedule.Entry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The schedule of a term against CA/B Forum ballot SC-081 (Baseline Requirements 6.3.2: certificates issued on or
 * after 2026-03-15 are valid at most 200 days, on or after 2027-03-15 at most 100, on or after 2029-03-15 at most 47),
 * reissued when two thirds of their lifetime have passed (ACME ARI's suggested window, cert-manager's default
 * renewBefore of a third). The dates below were counted by hand on a calendar (2028 is a leap year).
 */
@DatabaseIndependent
class TermScheduleTest {

    private final TermSchedule schedule = TermSchedule.defaults();

    @Test
    void eachCertificateGetsTheSc081MaximumOfItsIssueDate() {
        assertThat(schedule.validityDays(Instant.parse("2026-03-14T23:59:59Z"), null, null))
                .isEqualTo(398);
        assertThat(schedule.validityDays(Instant.parse("2026-03-15T00:00:00Z"), null, null))
                .isEqualTo(200);
        assertThat(schedule.validityDays(Instant.parse("2027-03-15T00:00:00Z"), null, null))
                .isEqualTo(100);
        assertThat(schedule.validityDays(Instant.parse("2029-03-15T00:00:00Z"), null, null))
                .isEqualTo(47);
        assertThat(schedule.validityDays(Instant.parse("2029-03-15T00:00:00Z"), null, 30))
                .as("the customer's validityDays caps further")
                .isEqualTo(30);
        assertThat(schedule.validityDays(
                        Instant.parse("2029-03-15T00:00:00Z"), Instant.parse("2029-03-25T12:00:00Z"), null))
                .as("never past the term's end: whole days, rounded down")
                .isEqualTo(10);
    }

    @Test
    void aTwelveMonthTermFromJune2027HasCertificatesOf100Days() {
        List<Entry> plan = schedule.planFromStart(Instant.parse("2027-06-01T00:00:00Z"), 12, null);
        assertThat(plan)
                .containsExactly(
                        entry("2027-06-01T00:00:00Z", "2027-09-09T00:00:00Z", "2027-08-06T16:00:00Z"),
                        entry("2027-08-06T16:00:00Z", "2027-11-14T16:00:00Z", "2027-10-12T08:00:00Z"),
                        entry("2027-10-12T08:00:00Z", "2028-01-20T08:00:00Z", "2027-12-18T00:00:00Z"),
                        entry("2027-12-18T00:00:00Z", "2028-03-27T00:00:00Z", "2028-02-22T16:00:00Z"),
                        // 99 days 8 hours are left of the term: 99 whole days, the last certificate
                        entry("2028-02-22T16:00:00Z", "2028-05-31T16:00:00Z", null));
        assertThat(plan.subList(0, 4))
                .allSatisfy(e -> assertThat(Duration.between(e.validFrom(), e.validUntil()))
                        .isEqualTo(Duration.ofDays(100)));
        assertThat(plan.get(4).validUntil()).isBefore(TermSchedule.termEnd(Instant.parse("2027-06-01T00:00:00Z"), 12));
    }

    @Test
    void fromMarch15th2029CertificatesLast47Days() {
        assertThat(schedule.planFromStart(Instant.parse("2029-03-15T00:00:00Z"), 3, null))
                .containsExactly(
                        entry("2029-03-15T00:00:00Z", "2029-05-01T00:00:00Z", "2029-04-15T08:00:00Z"),
                        entry("2029-04-15T08:00:00Z", "2029-06-01T08:00:00Z", "2029-05-16T16:00:00Z"),
                        entry("2029-05-16T16:00:00Z", "2029-06-14T16:00:00Z", null));
    }

    @Test
    void aReissueAfterMarch15th2027GetsTheNewShorterMaximum() {
        List<Entry> plan = schedule.planFromStart(Instant.parse("2026-12-01T00:00:00Z"), 12, null);
        assertThat(plan.get(0))
                .as("issued 2026-12-01: 200 days")
                .isEqualTo(entry("2026-12-01T00:00:00Z", "2027-06-19T00:00:00Z", "2027-04-13T08:00:00Z"));
        assertThat(plan.get(1))
                .as("reissued 2027-04-13: 100 days")
                .isEqualTo(entry("2027-04-13T08:00:00Z", "2027-07-22T08:00:00Z", "2027-06-19T00:00:00Z"));
        assertThat(plan.get(plan.size() - 1).reissueAt()).isNull();
        assertThat(plan.get(plan.size() - 1).validUntil()).isBeforeOrEqualTo(Instant.parse("2027-12-01T00:00:00Z"));
    }

    @Test
    void aTermShorterThanOneCertificateIsOneCertificateEndingWithIt() {
        assertThat(schedule.planFromStart(Instant.parse("2027-01-01T00:00:00Z"), 6, null))
                .containsExactly(entry("2027-01-01T00:00:00Z", "2027-07-01T00:00:00Z", null));
    }

    @Test
    void thePointOfReissueIsConfiguration() {
        TermRules half = new Binder(
                        new MapConfigurationPropertySource(Map.of("certflow.orders.reissue-at-fraction", "0.5")))
                .bindOrCreate("certflow.orders", TermRules.class);
        TermSchedule atHalf = new TermSchedule(ValidityLimits.sc081(), half);
        assertThat(atHalf.planFromStart(Instant.parse("2029-03-15T00:00:00Z"), 3, null)
                        .get(0)
                        .reissueAt())
                .isEqualTo(Instant.parse("2029-04-07T12:00:00Z"));
        assertThat(new Binder(new MapConfigurationPropertySource(Map.of()))
                        .bindOrCreate("certflow.orders", TermRules.class)
                        .reissueAtFraction())
                .as("unset: two thirds")
                .isEqualTo(2.0 / 3.0);
        assertThatThrownBy(() -> new TermRules(1.0, null)).hasMessageContaining("reissue-at-fraction");
        assertThatThrownBy(() -> new TermRules(0.0, null)).hasMessageContaining("reissue-at-fraction");
    }

    @Test
    void theTermEndsItsMonthsAfterTheFirstIssueInUtc() {
        assertThat(TermSchedule.termEnd(Instant.parse("2027-01-31T10:00:00Z"), 1))
                .as("calendar months: the end of a shorter month")
                .isEqualTo(Instant.parse("2027-02-28T10:00:00Z"));
        assertThat(TermSchedule.termEnd(Instant.parse("2027-06-01T00:00:00Z"), 12))
                .isEqualTo(Instant.parse("2028-06-01T00:00:00Z"));
    }

    private static Entry entry(String from, String until, String reissueAt) {
        return new Entry(
                Instant.parse(from), Instant.parse(until), reissueAt == null ? null : Instant.parse(reissueAt));
    }
}
