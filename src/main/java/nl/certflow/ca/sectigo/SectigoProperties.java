package nl.certflow.ca.sectigo;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import nl.certflow.order.ValidationType;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Sectigo reseller API ({@code certflow.ca.sectigo.*}).
 *
 * <ul>
 *   <li>{@code base-url}: default {@code https://secure.trust-provider.com} (the paths {@code /products/...} are
 *       appended).</li>
 *   <li>{@code login-name}, {@code login-password}: the reseller API account; required. The password is never
 *       logged and is masked in {@link #toString()}.</li>
 *   <li>{@code products.dv|ov|ev}: product code per validation type. Defaults: DV {@code 488} (SectigoSSL DV),
 *       OV {@code 316} (SectigoSSL OV), EV {@code 337} (SectigoSSL EV). Configured entries override single
 *       defaults; the others keep their default.</li>
 *   <li>{@code dcv-method}: default {@code CNAME_CSR_HASH}. Sectigo knows EMAIL, HTTP_CSR_HASH, HTTPS_CSR_HASH and
 *       CNAME_CSR_HASH; EMAIL would also need a dcvEmailAddress, which the order request does not carry.</li>
 *   <li>{@code customer-validated}: default {@code false} (sent as {@code isCustomerValidated=N}); Sectigo advises
 *       N unless they told you otherwise.</li>
 *   <li>{@code connect-timeout}: default 10s; {@code read-timeout}: default 30s (whole answer).</li>
 * </ul>
 */
@ConfigurationProperties("certflow.ca.sectigo")
public record SectigoProperties(
        String baseUrl,
        String loginName,
        String loginPassword,
        Map<ValidationType, String> products,
        String dcvMethod,
        boolean customerValidated,
        Duration connectTimeout,
        Duration readTimeout) {

    public static final String DEFAULT_BASE_URL = "https://secure.trust-provider.com";
    public static final String DEFAULT_DCV_METHOD = SectigoFields.DCV_CNAME_CSR_HASH;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    public SectigoProperties {
        baseUrl = blank(baseUrl) ? DEFAULT_BASE_URL : stripTrailingSlash(baseUrl.trim());
        EnumMap<ValidationType, String> merged = new EnumMap<>(ValidationType.class);
        merged.put(ValidationType.DV, SectigoFields.PRODUCT_SECTIGO_SSL_DV);
        merged.put(ValidationType.OV, SectigoFields.PRODUCT_SECTIGO_SSL_OV);
        merged.put(ValidationType.EV, SectigoFields.PRODUCT_SECTIGO_SSL_EV);
        if (products != null) {
            products.forEach((type, code) -> {
                if (type != null && !blank(code)) {
                    merged.put(type, code.trim());
                }
            });
        }
        products = Collections.unmodifiableMap(merged);
        dcvMethod = blank(dcvMethod) ? DEFAULT_DCV_METHOD : dcvMethod.trim();
        connectTimeout = positiveOr(connectTimeout, DEFAULT_CONNECT_TIMEOUT);
        readTimeout = positiveOr(readTimeout, DEFAULT_READ_TIMEOUT);
    }

    /** The product code for a validation type. */
    public String productFor(ValidationType validation) {
        return products.get(validation);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "SectigoProperties[baseUrl=" + baseUrl + ", loginName=" + loginName
                + ", loginPassword=" + (blank(loginPassword) ? "<unset>" : "******")
                + ", products=" + products + ", dcvMethod=" + dcvMethod
                + ", customerValidated=" + customerValidated
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String stripTrailingSlash(String url) {
        String result = url;
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    private static Duration positiveOr(Duration value, Duration fallback) {
        return value == null || value.isZero() || value.isNegative() ? fallback : value;
    }
}
