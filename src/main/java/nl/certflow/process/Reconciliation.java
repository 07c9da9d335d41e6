package nl.certflow.process;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The settings of {@code ReconcileWithCaProcess}, read by its timer start event as {@code ${reconciliation.cycle}}:
 * when it runs (a Camunda cron with seconds, default nightly at 02:00 server time), how far back it asks the CA for
 * orders (default 398 days, the longest certificate the CA/B Forum allowed), how many the CA lists per page, and how
 * long a fresh change may stay unseen before it counts as drift (a push on its way is not drift).
 */
@Component("reconciliation")
public class Reconciliation {

    private final String cycle;
    private final Duration lookback;
    private final int pageSize;
    private final Duration grace;

    public Reconciliation(
            @Value("${certflow.reconciliation.cycle:0 0 2 * * ?}") String cycle,
            @Value("${certflow.reconciliation.lookback:P398D}") Duration lookback,
            @Value("${certflow.reconciliation.page-size:100}") int pageSize,
            @Value("${certflow.reconciliation.grace:PT1H}") Duration grace) {
        this.cycle = cycle;
        this.lookback = lookback;
        this.pageSize = Math.max(1, pageSize);
        this.grace = grace;
    }

    public String getCycle() {
        return cycle;
    }

    public Duration lookback() {
        return lookback;
    }

    public int pageSize() {
        return pageSize;
    }

    public Duration grace() {
        return grace;
    }
}
