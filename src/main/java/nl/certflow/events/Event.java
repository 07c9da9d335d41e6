package nl.certflow.events;

import java.time.Instant;
import nl.certflow.order.OrderStatus;
import nl.certflow.order.PendingTransition;

/** One history entry of an order as the reseller's systems read it (CONTRACT.md "Events"). */
public record Event(
        long sequence,
        String id,
        String type,
        String orderId,
        Instant at,
        OrderStatus status,
        String statusLabel,
        PendingTransition pendingTransition,
        String reason) {}
