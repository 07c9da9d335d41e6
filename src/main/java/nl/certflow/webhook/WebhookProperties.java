package nl.certflow.webhook;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code certflow.webhook.sectigo.*}: the Basic credentials Sectigo's push carries and the source addresses
 * (IPs or CIDRs) allowed to push; an empty list allows any address.
 */
@ConfigurationProperties("certflow.webhook.sectigo")
public record WebhookProperties(String username, String password, List<String> allowedIps) {

    public WebhookProperties {
        allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
    }

    @Override
    public String toString() {
        return "WebhookProperties[username=" + username + ", password=******, allowedIps=" + allowedIps + "]";
    }
}
