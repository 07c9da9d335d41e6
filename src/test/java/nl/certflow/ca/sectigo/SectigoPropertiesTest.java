package nl.certflow.ca.sectigo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import nl.certflow.DatabaseIndependent;
import nl.certflow.order.ValidationType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

@DatabaseIndependent
class SectigoPropertiesTest {

    @Test
    void bindsFromConfigurationKeys() {
        Map<String, String> config = Map.of(
                "certflow.ca.sectigo.base-url", "https://sectigo.test/",
                "certflow.ca.sectigo.login-name", "reseller",
                "certflow.ca.sectigo.login-password", "secret",
                "certflow.ca.sectigo.products.ev", "410",
                "certflow.ca.sectigo.dcv-method", "HTTP_CSR_HASH",
                "certflow.ca.sectigo.customer-validated", "true",
                "certflow.ca.sectigo.read-timeout", "45s");

        SectigoProperties properties = new Binder(new MapConfigurationPropertySource(config))
                .bind("certflow.ca.sectigo", SectigoProperties.class)
                .get();

        assertThat(properties.baseUrl()).isEqualTo("https://sectigo.test");
        assertThat(properties.loginName()).isEqualTo("reseller");
        assertThat(properties.loginPassword()).isEqualTo("secret");
        assertThat(properties.products())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(ValidationType.DV, "488", ValidationType.OV, "316", ValidationType.EV, "410"));
        assertThat(properties.dcvMethod()).isEqualTo("HTTP_CSR_HASH");
        assertThat(properties.customerValidated()).isTrue();
        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(properties.toString()).doesNotContain("secret");
    }

    @Test
    void defaults() {
        SectigoProperties properties = new SectigoProperties(null, "reseller", "pw", null, null, false, null, null);

        assertThat(properties.baseUrl()).isEqualTo("https://secure.trust-provider.com");
        assertThat(properties.productFor(ValidationType.DV)).isEqualTo("488");
        assertThat(properties.productFor(ValidationType.OV)).isEqualTo("316");
        assertThat(properties.productFor(ValidationType.EV)).isEqualTo("337");
        assertThat(properties.dcvMethod()).isEqualTo("CNAME_CSR_HASH");
        assertThat(properties.customerValidated()).isFalse();
        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
}
