package nl.certflow.order;

import java.time.Clock;
import org.springframework.stereotype.Component;

/** Renders an order as the API answers it: every controller that returns an order goes through here. */
@Component
public class OrderViews {

    private final TermSchedule termSchedule;
    private final Clock clock;

    public OrderViews(TermSchedule termSchedule, Clock clock) {
        this.termSchedule = termSchedule;
        this.clock = clock;
    }

    public OrderView of(Order order) {
        return OrderView.of(order, termSchedule, clock.instant());
    }
}
