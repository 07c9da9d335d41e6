package nl.certflow.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The endpoints' signing secrets. certflow must keep a secret to sign with it, so a hash will not do: with
 * {@code certflow.webhooks.secret-key} (base64 of 32 bytes, from the environment) a secret is stored AES-256-GCM
 * encrypted, bound to its endpoint's id; without a key (the embedded demo) it is stored as it is, and the start-up
 * log says so.
 */
@Component
class WebhookSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSecrets.class);
    private static final String ENCRYPTED = "aes-gcm:";
    private static final String PLAIN = "plain:";
    private static final int IV_BYTES = 12;

    private final SecureRandom random = new SecureRandom();
    private final SecretKey key;

    WebhookSecrets(WebhooksProperties properties) {
        String configured = properties.secretKey();
        if (configured == null || configured.isBlank()) {
            key = null;
            LOG.warn("No certflow.webhooks.secret-key configured: webhook signing secrets are stored unencrypted");
        } else {
            byte[] bytes = Base64.getDecoder().decode(configured.strip());
            if (bytes.length != 32) {
                throw new IllegalStateException("certflow.webhooks.secret-key must be the base64 of 32 random bytes");
            }
            key = new SecretKeySpec(bytes, "AES");
        }
    }

    /** A new secret as the Standard Webhooks specification writes it: {@code whsec_} and base64 of 32 random bytes. */
    String generate() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return WebhookSigner.SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    String seal(String endpointId, String secret) {
        if (key == null) {
            return PLAIN + secret;
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, endpointId, iv, secret.getBytes(StandardCharsets.UTF_8));
        byte[] stored = new byte[IV_BYTES + sealed.length];
        System.arraycopy(iv, 0, stored, 0, IV_BYTES);
        System.arraycopy(sealed, 0, stored, IV_BYTES, sealed.length);
        return ENCRYPTED + Base64.getEncoder().encodeToString(stored);
    }

    String open(String endpointId, String stored) {
        if (stored.startsWith(PLAIN)) {
            return stored.substring(PLAIN.length());
        }
        if (key == null) {
            throw new IllegalStateException(
                    "The endpoint's secret is encrypted, but certflow.webhooks.secret-key is not set");
        }
        byte[] bytes = Base64.getDecoder().decode(stored.substring(ENCRYPTED.length()));
        byte[] iv = new byte[IV_BYTES];
        System.arraycopy(bytes, 0, iv, 0, IV_BYTES);
        byte[] sealed = new byte[bytes.length - IV_BYTES];
        System.arraycopy(bytes, IV_BYTES, sealed, 0, sealed.length);
        return new String(cipher(Cipher.DECRYPT_MODE, endpointId, iv, sealed), StandardCharsets.UTF_8);
    }

    private byte[] cipher(int mode, String endpointId, byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(endpointId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "The endpoint's secret cannot be "
                            + (mode == Cipher.ENCRYPT_MODE
                                    ? "encrypted"
                                    : "decrypted (another certflow.webhooks.secret-key?)"),
                    e);
        }
    }
}
