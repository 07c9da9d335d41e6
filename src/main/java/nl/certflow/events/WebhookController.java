package nl.certflow.events;

import java.net.URI;
import java.util.List;
import nl.certflow.events.WebhookRegistry.Listed;
import nl.certflow.events.WebhookRegistry.Registered;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** An account's webhook endpoints (CONTRACT.md "Events"). */
@RestController
@RequestMapping(path = "/api/webhooks", produces = "application/json")
public class WebhookController {

    private final WebhookRegistry registry;

    public WebhookController(WebhookRegistry registry) {
        this.registry = registry;
    }

    public record RegisterWebhook(String url, List<String> types) {}

    public record WebhookList(List<Listed> items) {}

    @PostMapping(consumes = "application/json")
    public ResponseEntity<Registered> register(Authentication auth, @RequestBody RegisterWebhook body) {
        Registered registered = registry.register(Accounts.caller(auth), body.url(), body.types());
        return ResponseEntity.created(URI.create("/api/webhooks/" + registered.id()))
                .body(registered);
    }

    @GetMapping
    public WebhookList list(Authentication auth) {
        return new WebhookList(registry.list(Accounts.caller(auth)));
    }

    public record Replay(Long after) {}

    @PostMapping(path = "/{id}/replay", consumes = "application/json")
    public Listed replay(Authentication auth, @PathVariable String id, @RequestBody Replay body) {
        return registry.replay(Accounts.caller(auth), id, body.after());
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> remove(Authentication auth, @PathVariable String id) {
        if (!registry.remove(Accounts.caller(auth), id)) {
            throw new WebhookNotFoundException(id);
        }
        return ResponseEntity.noContent().build();
    }
}
