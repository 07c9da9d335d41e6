package nl.certflow.ca;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code certflow.webhook.sectigo.*}: the Basic credentials Sectigo's push carries, the source addresses
 * (IPs or CIDRs) allowed to push (empty allows any), and the reverse proxies (IPs or CIDRs) whose
 * {@code X-Forwarded-For} is believed (empty: the header is never believed).
 */
@ConfigurationProperties("certflow.webhook.sectigo")
public record WebhookProperties(
        String username, String password, List<String> allowedIps, List<String> trustedProxies) {

    public WebhookProperties {
        allowedIps = allowedIps == null ? List.of() : List.copyOf(allowedIps);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    @Override
    public String toString() {
        return "WebhookProperties[username=" + username + ", password=******, allowedIps=" + allowedIps + "]";
    }
}
