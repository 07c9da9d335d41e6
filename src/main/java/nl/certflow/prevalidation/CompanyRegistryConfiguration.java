package nl.certflow.prevalidation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the company register with {@code certflow.prevalidation.registry}: {@code offline} (the default, see
 * {@link OfflineCompanyRegistry}) or {@code kvk} (the real KvK API, configured by {@link KvkProperties}).
 * A wrong or incomplete choice stops the start-up instead of failing each order later.
 */
@Configuration(proxyBeanMethods = false)
public class CompanyRegistryConfiguration {

    @Bean
    CompanyRegistry companyRegistry(
            @Value("${certflow.prevalidation.registry:offline}") String registry, KvkProperties kvk) {
        BasisprofielParser parser = new BasisprofielParser();
        return switch (registry.strip().toLowerCase(Locale.ROOT)) {
            case "offline" -> new OfflineCompanyRegistry(parser);
            case "kvk" -> new KvkCompanyRegistry(complete(kvk), parser);
            default ->
                throw new IllegalStateException(
                        "certflow.prevalidation.registry must be 'offline' or 'kvk', not '" + registry + "'");
        };
    }

    private static KvkProperties complete(KvkProperties kvk) {
        List<String> missing = new ArrayList<>();
        if (isBlank(kvk.baseUrl())) {
            missing.add("certflow.kvk.base-url");
        }
        if (isBlank(kvk.apiKey())) {
            missing.add("certflow.kvk.api-key");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("certflow.prevalidation.registry=kvk needs " + String.join(" and ", missing)
                    + " (e.g. base-url https://api.kvk.nl/api)");
        }
        return kvk;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
