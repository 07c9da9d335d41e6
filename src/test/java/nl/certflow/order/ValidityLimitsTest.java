package nl.certflow.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The validity caps against CA/B Forum ballot SC-081 (Baseline Requirements 6.3.2): "certificates issued on or after
 * March 15, 2026 ... 200 days", "on or after March 15, 2027 ... 100 days", "on or after March 15, 2029 ... 47 days";
 * before, 398 days (since September 1, 2020, ballot SC-31 / BR 6.3.2).
 */
@DatabaseIndependent
class ValidityLimitsTest {

    private final ValidityLimits sc081 = ValidityLimits.sc081();

    @Test
    void theBallotsStepsApplyFromTheirFirstDay() {
        assertThat(sc081.maxDaysOn(LocalDate.parse("2026-03-14"))).isEqualTo(398);
        assertThat(sc081.maxDaysOn(LocalDate.parse("2026-03-15"))).isEqualTo(200);
        assertThat(sc081.maxDaysOn(LocalDate.parse("2027-03-14"))).isEqualTo(200);
        assertThat(sc081.maxDaysOn(LocalDate.parse("2027-03-15"))).isEqualTo(100);
        assertThat(sc081.maxDaysOn(LocalDate.parse("2029-03-14"))).isEqualTo(100);
        assertThat(sc081.maxDaysOn(LocalDate.parse("2029-03-15"))).isEqualTo(47);
        assertThat(sc081.maxDaysOn(LocalDate.parse("2040-01-01"))).isEqualTo(47);
    }

    @Test
    void theIssueInstantCountsInUtc() {
        assertThat(sc081.maxDaysAt(Instant.parse("2027-03-14T23:59:59Z"))).isEqualTo(200);
        assertThat(sc081.maxDaysAt(Instant.parse("2027-03-15T00:00:00Z"))).isEqualTo(100);
    }

    @Test
    void theTableIsConfigurationSoTheNextBallotIsAConfigChange() {
        Map<String, String> next = Map.of(
                "certflow.orders.max-validity[0].from", "2020-09-01",
                "certflow.orders.max-validity[0].days", "398",
                "certflow.orders.max-validity[1].from", "2031-01-01",
                "certflow.orders.max-validity[1].days", "30");
        ValidityLimits limits = new Binder(new MapConfigurationPropertySource(next))
                .bindOrCreate("certflow.orders", ValidityLimits.class);
        assertThat(limits.maxDaysOn(LocalDate.parse("2030-12-31"))).isEqualTo(398);
        assertThat(limits.maxDaysOn(LocalDate.parse("2031-01-01"))).isEqualTo(30);
        assertThat(new Binder(new MapConfigurationPropertySource(Map.of()))
                        .bindOrCreate("certflow.orders", ValidityLimits.class)
                        .maxValidity())
                .as("unset: SC-081")
                .isEqualTo(ValidityLimits.SC_081);
    }

    @Test
    void anEntryWithoutADateOrDaysIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new ValidityLimits(List.of(new ValidityLimits.Step(null, 47))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certflow.orders.max-validity");
    }
}
