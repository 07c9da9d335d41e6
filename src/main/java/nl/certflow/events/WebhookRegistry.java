package nl.certflow.events;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import nl.certflow.order.Caller;
import nl.certflow.order.OrderEventType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An account's webhook endpoints: register (the secret is shown this once), list with the delivery log, remove. */
@Service
public class WebhookRegistry {

    static final int ATTEMPTS_LISTED = 10;
    static final int MAX_ENDPOINTS_PER_ACCOUNT = 20;
    private static final List<String> KNOWN_TYPES =
            Arrays.stream(OrderEventType.values()).map(OrderEventType::type).toList();

    private final WebhookEndpointStore store;
    private final EventSequencer sequencer;
    private final WebhookSecrets secrets;
    private final TargetGuard guard;
    private final Clock clock = Clock.systemUTC();

    WebhookRegistry(
            WebhookEndpointStore store,
            EventSequencer sequencer,
            WebhookSecrets secrets,
            WebhooksProperties properties) {
        this.store = store;
        this.sequencer = sequencer;
        this.secrets = secrets;
        this.guard = new TargetGuard(properties.allowPrivateTargets(), InetAddress::getAllByName);
    }

    public record Registered(String id, String url, List<String> types, String secret) {}

    public record Attempt(
            Instant at, long sequence, String eventId, Integer statusCode, String error, long durationMs) {}

    /** An endpoint as its account sees it; {@code types} null means every type. */
    public record Listed(
            String id,
            String owner,
            String url,
            List<String> types,
            Instant createdAt,
            long deliveredThrough,
            Instant failingSince,
            Instant nextAttemptAt,
            boolean disabled,
            Instant disabledAt,
            String disabledReason,
            List<Attempt> recentAttempts) {}

    /** Receives the caller's events committed from now on. */
    @Transactional
    public Registered register(Caller caller, String url, List<String> types) {
        try {
            guard.check(url);
        } catch (UnsafeTargetException e) {
            throw new BadRequestException("url", e.getMessage());
        }
        if (types != null
                && (types.isEmpty() || !types.stream().allMatch(type -> type != null && KNOWN_TYPES.contains(type)))) {
            throw new BadRequestException(
                    "types", "must be omitted (every type) or a non-empty list of " + KNOWN_TYPES);
        }
        if (store.list(caller.name()).size() >= MAX_ENDPOINTS_PER_ACCOUNT) {
            throw new BadRequestException(
                    "url", "cannot be added: an account has at most " + MAX_ENDPOINTS_PER_ACCOUNT + " endpoints");
        }
        List<String> wanted = types == null ? List.of() : List.copyOf(new LinkedHashSet<>(types));
        String id = UUID.randomUUID().toString();
        String secret = secrets.generate();
        store.insert(new WebhookEndpoint(
                id,
                caller.name(),
                caller.operator(),
                url.strip(),
                wanted,
                secrets.seal(id, secret),
                clock.instant(),
                sequencer.lastSequence(),
                0,
                null,
                null,
                null,
                null));
        return new Registered(id, url.strip(), wanted.isEmpty() ? null : wanted, secret);
    }

    @Transactional(readOnly = true)
    public List<Listed> list(Caller caller) {
        return store.list(caller.ownerFilter()).stream()
                .map(endpoint -> new Listed(
                        endpoint.id(),
                        endpoint.owner(),
                        endpoint.url(),
                        endpoint.types().isEmpty() ? null : endpoint.types(),
                        endpoint.createdAt(),
                        endpoint.deliveredThrough(),
                        endpoint.failingSince(),
                        endpoint.disabledAt() == null ? endpoint.retryAt() : null,
                        endpoint.disabledAt() != null,
                        endpoint.disabledAt(),
                        endpoint.disabledReason(),
                        store.attempts(endpoint.id(), ATTEMPTS_LISTED).stream()
                                .map(a -> new Attempt(
                                        a.at(), a.sequence(), a.eventId(), a.statusCode(), a.error(), a.durationMs()))
                                .toList()))
                .toList();
    }

    /**
     * Delivers the endpoint's events again from after {@code after} (null: from where it stands) and enables it if
     * it was disabled: after the receiver is fixed, or to replay what it lost.
     */
    @Transactional
    public Listed replay(Caller caller, String id, Long after) {
        WebhookEndpoint endpoint = store.find(id)
                .filter(e -> caller.operator() || e.owner().equals(caller.name()))
                .orElseThrow(() -> new WebhookNotFoundException(id));
        long from = after == null ? endpoint.deliveredThrough() : after;
        if (from < 0 || from > sequencer.lastSequence()) {
            throw new BadRequestException(
                    "after", "must be a sequence from 0 to the last one, " + sequencer.lastSequence());
        }
        if (!store.replay(id, caller.ownerFilter(), from, clock.instant())) {
            throw new WebhookBusyException(id);
        }
        return list(caller).stream()
                .filter(listed -> listed.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    /** False when the caller has no such endpoint. */
    @Transactional
    public boolean remove(Caller caller, String id) {
        return store.delete(id, caller.ownerFilter());
    }
}
