package nl.certflow.order;

import java.io.IOException;
import java.io.StringReader;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Sectigo's DCV request token for an order, as docs.sectigo.com ("Domain Control Validation", "Request token") and
 * the AutoApplySSL {@code uniqueValue} parameter describe it: the MD5 and SHA-256 of the DER-encoded CSR (hex), the
 * CA's domain {@code sectigo.com}, and the order's optional {@code uniqueValue} (alphanumeric, at most 20).
 *
 * <ul>
 *   <li>CNAME: {@code _<MD5>.<domain>.} CNAME {@code <SHA-256 first 32>.<SHA-256 last 32>[.<uniqueValue>].sectigo.com.}
 *   <li>HTTP(S): {@code http(s)://<domain>/.well-known/pki-validation/<MD5>.txt} holding the lines SHA-256,
 *       {@code sectigo.com} and (when set) the uniqueValue.
 * </ul>
 *
 * Hashes are written in upper case as Sectigo shows them; DNS compares names and targets case-insensitively. A
 * wildcard name is validated on its base domain ({@code *.example.com} at {@code example.com}).
 */
public record DcvTokens(String md5, String sha256, String uniqueValue) {

    public static final String CA_DOMAIN = "sectigo.com";
    public static final int UNIQUE_VALUE_LENGTH = 16;

    private static final char[] ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The tokens for a PEM CSR: the hashes are taken over the DER bytes inside the PEM armour, exactly as sent. */
    public static DcvTokens of(String csrPem, String uniqueValue) {
        byte[] der = der(csrPem);
        return new DcvTokens(hex(digest("MD5", der)), hex(digest("SHA-256", der)), blankToNull(uniqueValue));
    }

    /** A fresh uniqueValue for an order: lower-case alphanumeric, as Sectigo allows. */
    public static String newUniqueValue() {
        char[] value = new char[UNIQUE_VALUE_LENGTH];
        for (int i = 0; i < value.length; i++) {
            value[i] = ALPHANUMERIC[RANDOM.nextInt(ALPHANUMERIC.length)];
        }
        return new String(value);
    }

    /** The domains to validate: the common name and each SAN, wildcards on their base domain, each once. */
    public static List<String> domains(String commonName, List<String> subjectAlternativeNames) {
        Set<String> domains = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        names.add(commonName);
        if (subjectAlternativeNames != null) {
            names.addAll(subjectAlternativeNames);
        }
        for (String name : names) {
            if (name != null && !name.isBlank()) {
                domains.add(dcvDomain(name));
            }
        }
        return List.copyOf(domains);
    }

    public static String dcvDomain(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("*.") ? lower.substring(2) : lower;
    }

    public String cnameName(String domain) {
        return "_" + md5 + "." + domain + ".";
    }

    public String cnameValue() {
        return sha256.substring(0, 32) + "." + sha256.substring(32) + (uniqueValue == null ? "" : "." + uniqueValue)
                + "." + CA_DOMAIN + ".";
    }

    public String fileUrl(boolean https, String domain) {
        return (https ? "https" : "http") + "://" + domain + "/.well-known/pki-validation/" + md5 + ".txt";
    }

    public String fileContent() {
        return sha256 + "\n" + CA_DOMAIN + (uniqueValue == null ? "" : "\n" + uniqueValue);
    }

    /** What the customer publishes for one domain with this method. */
    public DcvInstruction instruction(DcvMethod method, String domain, String approverEmail) {
        return switch (method) {
            case CNAME_CSR_HASH -> DcvInstruction.cname(cnameName(domain), cnameValue());
            case HTTP_CSR_HASH -> DcvInstruction.file(false, fileUrl(false, domain), fileContent());
            case HTTPS_CSR_HASH -> DcvInstruction.file(true, fileUrl(true, domain), fileContent());
            case EMAIL -> DcvInstruction.email(approverEmail);
        };
    }

    private static byte[] der(String pem) {
        try (PemReader reader = new PemReader(new StringReader(pem == null ? "" : pem.strip()))) {
            PemObject object = reader.readPemObject();
            if (object == null) {
                throw new InvalidCsrException("The CSR is not a PEM-encoded PKCS#10 request");
            }
            return object.getContent();
        } catch (IOException | RuntimeException e) {
            throw e instanceof InvalidCsrException invalid
                    ? invalid
                    : new InvalidCsrException("The CSR is not a PEM-encoded PKCS#10 request", e);
        }
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
