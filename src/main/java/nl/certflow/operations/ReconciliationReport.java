package nl.certflow.operations;

import java.time.Instant;
import java.util.List;

/**
 * One run of the reconciliation with the CA: the orders the CA listed, how many disagreed with certflow (drift), how
 * many of those certflow could not repair by asking the CA again (each an incident in Cockpit), and one line each.
 */
public record ReconciliationReport(
        Instant finishedAt,
        Instant placedFrom,
        Instant placedTo,
        int caOrders,
        int drifted,
        int unrepaired,
        List<String> lines) {}
