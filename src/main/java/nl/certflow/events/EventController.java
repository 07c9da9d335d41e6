package nl.certflow.events;

import java.util.List;
import nl.certflow.order.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The event feed: the caller's events (an operator's: all) after a sequence, in order, resumable with {@code next}. */
@RestController
public class EventController {

    static final int MAX_LIMIT = 1000;

    private final EventStore events;

    public EventController(EventStore events) {
        this.events = events;
    }

    @GetMapping(path = "/api/events", produces = "application/json")
    @Transactional(readOnly = true)
    public EventPage feed(
            Authentication auth,
            @RequestParam(defaultValue = "0") String after,
            @RequestParam(defaultValue = "100") String limit) {
        Caller caller = Accounts.caller(auth);
        long from = number("after", after, 0, Long.MAX_VALUE);
        int size = (int) number("limit", limit, 1, MAX_LIMIT);
        List<Event> items = events.after(from, caller.ownerFilter(), size);
        return new EventPage(
                items, items.isEmpty() ? from : items.get(items.size() - 1).sequence());
    }

    private static long number(String field, String value, long min, long max) {
        try {
            long number = Long.parseLong(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException(field, "must be a number from " + min + " to " + max);
    }
}
