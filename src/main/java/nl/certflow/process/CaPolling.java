package nl.certflow.process;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The status-poll fallback's interval, read by the model's timers as {@code ${caPolling.interval}}. Sectigo retries
 * a push only three times, so an order waiting on the CA polls too (default PT3H, Sectigo's minimum).
 */
@Component("caPolling")
public class CaPolling {

    private final Duration interval;

    public CaPolling(@Value("${certflow.ca.poll-interval:PT3H}") Duration interval) {
        this.interval = interval;
    }

    public String getInterval() {
        return interval.toString();
    }
}
