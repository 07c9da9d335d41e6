package nl.certflow.prevalidation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Access to the KvK API, used when {@code certflow.prevalidation.registry=kvk}.
 *
 * @param baseUrl e.g. {@code https://api.kvk.nl/api}, or {@code https://api.kvk.nl/test/api} for KvK's test environment
 * @param apiKey  sent in the {@code apikey} header; a secret, never logged
 * @param timeout for connecting and for KvK's answer
 */
@ConfigurationProperties("certflow.kvk")
public record KvkProperties(
        String baseUrl, String apiKey, @DefaultValue("5s") Duration timeout) {

    @Override
    public String toString() {
        return "KvkProperties[baseUrl=" + baseUrl + ", apiKey=***, timeout=" + timeout + "]";
    }
}
