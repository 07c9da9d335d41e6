package nl.certflow.order;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The longest validity a TLS certificate may have, by its issue date: CA/B Forum Baseline Requirements 6.3.2 as
 * changed by ballot SC-081 (398 days since 2020-09-01; 200 days from 2026-03-15, 100 from 2027-03-15, 47 from
 * 2029-03-15). A table in configuration ({@code certflow.orders.max-validity[N].from} / {@code .days}), so the next
 * ballot is a configuration change; the table given replaces the whole default.
 */
@ConfigurationProperties("certflow.orders")
public record ValidityLimits(List<Step> maxValidity) {

    /** From this day (UTC) on, a certificate is valid at most {@code days} days. */
    public record Step(LocalDate from, int days) {}

    /** SC-081's schedule, as the ballot states it. */
    public static final List<Step> SC_081 = List.of(
            new Step(LocalDate.parse("2020-09-01"), 398),
            new Step(LocalDate.parse("2026-03-15"), 200),
            new Step(LocalDate.parse("2027-03-15"), 100),
            new Step(LocalDate.parse("2029-03-15"), 47));

    public ValidityLimits {
        List<Step> steps = maxValidity == null || maxValidity.isEmpty() ? SC_081 : maxValidity;
        for (Step step : steps) {
            if (step == null || step.from() == null || step.days() < 1) {
                throw new IllegalArgumentException(
                        "certflow.orders.max-validity: every entry needs a date 'from' and 'days' of at least 1");
            }
        }
        maxValidity = steps.stream().sorted(Comparator.comparing(Step::from)).toList();
    }

    public static ValidityLimits sc081() {
        return new ValidityLimits(null);
    }

    /** The maximum for a certificate issued on that day: the last step that has begun (the first before all). */
    public int maxDaysOn(LocalDate issueDate) {
        Step applies = maxValidity.get(0);
        for (Step step : maxValidity) {
            if (!step.from().isAfter(issueDate)) {
                applies = step;
            }
        }
        return applies.days();
    }

    public int maxDaysAt(Instant issuedAt) {
        return maxDaysOn(LocalDate.ofInstant(issuedAt, ZoneOffset.UTC));
    }
}
