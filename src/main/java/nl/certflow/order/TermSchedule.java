package nl.certflow.order;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The certificates of an order with a term, and when each is reissued (issue 13, "A term").
 *
 * <ul>
 *   <li>The term starts when its first certificate is issued (that certificate's {@code notBefore}) and ends
 *       {@code termMonths} calendar months later (UTC).
 *   <li>Each certificate is valid at most the SC-081 maximum for its issue date ({@link ValidityLimits}), at most the
 *       order's {@code validityDays} when the customer gave one, and never past the term's end. Validity is asked in
 *       whole days (as Sectigo's API takes it), rounded down.
 *   <li>A certificate is reissued when {@link TermRules#reissueAtFraction()} of its lifetime has passed (default two
 *       thirds), unless it is the last: when less than a day of the term is left after it. The last certificate
 *       expires with the term.
 * </ul>
 */
@Component
public class TermSchedule {

    private static final Duration DAY = Duration.ofDays(1);

    private final ValidityLimits limits;
    private final TermRules rules;

    public TermSchedule(ValidityLimits limits, TermRules rules) {
        this.limits = limits;
        this.rules = rules;
    }

    /** The SC-081 table and the default rules (two thirds). */
    public static TermSchedule defaults() {
        return new TermSchedule(ValidityLimits.sc081(), TermRules.defaults());
    }

    public TermRules rules() {
        return rules;
    }

    /** One certificate of the term: valid from, until, and when certflow replaces it (null: the last one). */
    public record Entry(Instant validFrom, Instant validUntil, Instant reissueAt) {}

    public static Instant termEnd(Instant startsAt, int months) {
        return startsAt.atOffset(ZoneOffset.UTC).plusMonths(months).toInstant();
    }

    /**
     * The validity in whole days to ask for a certificate issued at {@code issueAt}: the SC-081 maximum for that day,
     * at most {@code validityDays} (null: no further cap), and not past {@code termEnd} (null: no term). At least 1.
     */
    public int validityDays(Instant issueAt, Instant termEnd, Integer validityDays) {
        long days = limits.maxDaysAt(issueAt);
        if (validityDays != null && validityDays > 0) {
            days = Math.min(days, validityDays);
        }
        if (termEnd != null) {
            days = Math.min(days, Duration.between(issueAt, termEnd).toDays());
        }
        return (int) Math.max(1, days);
    }

    /** When to reissue a certificate of a term ending at {@code termEnd}; null when it is the term's last one. */
    public Instant reissueAt(Instant notBefore, Instant notAfter, Instant termEnd) {
        if (termEnd == null || Duration.between(notAfter, termEnd).compareTo(DAY) < 0) {
            return null;
        }
        long lifetimeSeconds = Duration.between(notBefore, notAfter).getSeconds();
        long passed = Math.round(lifetimeSeconds * rules.reissueAtFraction());
        return notBefore.plusSeconds(passed).truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * No reissue: the timer waits a hundred years past the certificate's end, in effect never. Not a day: after an
     * outage longer than that both timers would be due, and the job executor takes due jobs in no fixed order.
     */
    public static Instant never(Instant notAfter) {
        return notAfter.atOffset(ZoneOffset.UTC).plusYears(100).toInstant();
    }

    /**
     * The date of the timer "Reissue due" for the certificate valid {@code notBefore}..{@code notAfter}: its
     * {@link #reissueAt}; none (no term, or the term's last certificate): {@link #never}; a date already passed (the
     * CA refused the automatic reissue): {@code now} plus a day, or half the time the certificate has left when that
     * is less.
     */
    public Instant reissueTimerAt(Instant notBefore, Instant notAfter, Instant termEnd, Instant now) {
        Instant planned = reissueAt(notBefore, notAfter, termEnd);
        if (planned == null) {
            return never(notAfter);
        }
        if (planned.isAfter(now)) {
            return planned;
        }
        Duration left = Duration.between(now, notAfter);
        Duration retry = left.isNegative() || left.dividedBy(2).compareTo(DAY) > 0 ? DAY : left.dividedBy(2);
        return now.plus(retry);
    }

    /**
     * The certificates from the one valid {@code notBefore}..{@code notAfter} (the current one) to the term's end:
     * each next one issued at its predecessor's reissue date, with the validity the rules give it on that day.
     */
    public List<Entry> plan(Instant notBefore, Instant notAfter, Instant termEnd, Integer validityDays) {
        List<Entry> entries = new ArrayList<>();
        Instant from = notBefore;
        Instant until = notAfter;
        // A term of 60 months of 47-day certificates reissued at the earliest sensible fraction stays far below this.
        while (entries.size() < 1000) {
            Instant reissueAt = reissueAt(from, until, termEnd);
            entries.add(new Entry(from, until, reissueAt));
            if (reissueAt == null) {
                break;
            }
            from = reissueAt;
            until = from.plus(Duration.ofDays(validityDays(from, termEnd, validityDays)));
        }
        return List.copyOf(entries);
    }

    /** The plan of a term that starts at {@code startsAt} (its first certificate issued then). */
    public List<Entry> planFromStart(Instant startsAt, int months, Integer validityDays) {
        Instant termEnd = termEnd(startsAt, months);
        Instant firstUntil = startsAt.plus(Duration.ofDays(validityDays(startsAt, termEnd, validityDays)));
        return plan(startsAt, firstUntil, termEnd, validityDays);
    }
}
