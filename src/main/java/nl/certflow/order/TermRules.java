package nl.certflow.order;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The rules of an order with a term ({@code termMonths}), beside the SC-081 table of {@link ValidityLimits}:
 * {@code certflow.orders.reissue-at-fraction} — the point of a certificate's lifetime at which certflow reissues it
 * (default two thirds, as ACME ARI suggests and cert-manager does), and {@code certflow.orders.max-term-months} — the
 * longest term an order may have (default 60).
 */
@ConfigurationProperties("certflow.orders")
public record TermRules(Double reissueAtFraction, Integer maxTermMonths) {

    public static final double TWO_THIRDS = 2.0 / 3.0;
    public static final int DEFAULT_MAX_TERM_MONTHS = 60;

    public TermRules {
        reissueAtFraction = reissueAtFraction == null ? TWO_THIRDS : reissueAtFraction;
        maxTermMonths = maxTermMonths == null ? DEFAULT_MAX_TERM_MONTHS : maxTermMonths;
        if (!(reissueAtFraction > 0 && reissueAtFraction < 1)) {
            throw new IllegalArgumentException(
                    "certflow.orders.reissue-at-fraction must be between 0 and 1 (exclusive), e.g. 0.6667");
        }
        if (maxTermMonths < 1) {
            throw new IllegalArgumentException("certflow.orders.max-term-months must be at least 1");
        }
    }

    public static TermRules defaults() {
        return new TermRules(null, null);
    }
}
