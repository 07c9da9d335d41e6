package nl.certflow.events;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives committed events their sequence numbers. A writer cannot number its own event: transactions commit in
 * another order than they start, so a reader resuming after N could miss an N-1 that commits later. Instead one
 * step at a time (the row lock on cf_event_sequencer, across nodes too) numbers the events it sees committed,
 * oldest first, and commits the numbers together: the numbers readers see are always 1..last, without holes.
 */
@Component
public class EventSequencer {

    static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public EventSequencer(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Numbers every committed event that has no number yet; answers how many it numbered. */
    public int sequenceCommitted() {
        int total = 0;
        int numbered;
        do {
            numbered = sequenceBatch();
            total += numbered;
        } while (numbered == BATCH);
        return total;
    }

    /** The last number given out: events registered from now on start after it. */
    public long lastSequence() {
        Long last = jdbc.queryForObject("SELECT last_sequence FROM cf_event_sequencer WHERE id = 1", Long.class);
        return last == null ? 0 : last;
    }

    private int sequenceBatch() {
        Integer numbered = transactions.execute(status -> {
            Long last = jdbc.queryForObject(
                    "SELECT last_sequence FROM cf_event_sequencer WHERE id = 1 FOR UPDATE", Long.class);
            // read after the lock: the statement sees everything committed up to now, the last sequencer's numbers too
            List<Long> ids = jdbc.queryForList(
                    "SELECT id FROM cf_event WHERE sequence IS NULL ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY",
                    Long.class);
            if (ids.isEmpty()) {
                return 0;
            }
            long next = last == null ? 0 : last;
            List<Object[]> numbers = new ArrayList<>(ids.size());
            for (Long id : ids) {
                numbers.add(new Object[] {++next, id});
            }
            jdbc.batchUpdate("UPDATE cf_event SET sequence = ? WHERE id = ?", numbers);
            jdbc.update("UPDATE cf_event_sequencer SET last_sequence = ? WHERE id = 1", next);
            return ids.size();
        });
        return numbered == null ? 0 : numbered;
    }
}
