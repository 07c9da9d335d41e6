package nl.certflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.Test;

@DatabaseIndependent
class WebhookSecretsTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void aNewSecretIsWhsecAndBase64OfThirtyTwoRandomBytes() {
        WebhookSecrets secrets = secrets(null);
        String secret = secrets.generate();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length())))
                .hasSize(32);
        assertThat(secrets.generate()).isNotEqualTo(secret);
    }

    @Test
    void withAKeyTheStoredSecretIsEncryptedAndBoundToItsEndpoint() {
        WebhookSecrets secrets = secrets(KEY);
        String secret = secrets.generate();
        String stored = secrets.seal("endpoint-1", secret);
        assertThat(stored).startsWith("aes-gcm:").doesNotContain(secret.substring("whsec_".length()));
        assertThat(secrets.open("endpoint-1", stored)).isEqualTo(secret);
        assertThat(secrets.seal("endpoint-1", secret))
                .as("a fresh IV each time")
                .isNotEqualTo(stored);
        assertThatThrownBy(() -> secrets.open("endpoint-2", stored))
                .as("copied to another endpoint's row")
                .isInstanceOf(IllegalStateException.class);
        String otherKey = Base64.getEncoder().encodeToString(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32
        });
        assertThatThrownBy(() -> secrets(otherKey).open("endpoint-1", stored))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAKeyTheSecretIsStoredAsItIs() {
        WebhookSecrets secrets = secrets(null);
        String stored = secrets.seal("endpoint-1", "whsec_AAAA");
        assertThat(stored).isEqualTo("plain:whsec_AAAA");
        assertThat(secrets.open("endpoint-1", stored)).isEqualTo("whsec_AAAA");
        assertThatThrownBy(() -> secrets.open("endpoint-1", secrets(KEY).seal("endpoint-1", "whsec_AAAA")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aKeyOfTheWrongLengthStopsTheStart() {
        assertThatThrownBy(() -> secrets(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalStateException.class);
    }

    private static WebhookSecrets secrets(String key) {
        return new WebhookSecrets(new WebhooksProperties(false, null, null, null, null, null, key));
    }
}
