package nl.certflow.events;

import java.time.Instant;
import java.util.List;

/**
 * A registered endpoint as certflow keeps it. {@code types} empty means every type; {@code deliveredThrough} is the
 * endpoint's place in the event sequence; {@code sealedSecret} is the secret as {@link WebhookSecrets} stored it.
 */
record WebhookEndpoint(
        String id,
        String owner,
        boolean operator,
        String url,
        List<String> types,
        String sealedSecret,
        Instant createdAt,
        long deliveredThrough,
        int failures,
        Instant failingSince,
        Instant retryAt,
        Instant disabledAt,
        String disabledReason) {

    boolean wants(Event event) {
        return types.isEmpty() || types.contains(event.type());
    }

    /** Whose events it receives: null (all) for an operator's endpoint. */
    String ownerFilter() {
        return operator ? null : owner;
    }
}
