package nl.certflow.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import nl.certflow.DatabaseIndependent;
import nl.certflow.TestCsrs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DCV tokens against outside sources, not against certflow's own code: the digests are openssl's
 * ({@code openssl req -outform DER | openssl dgst}), the record and file formats are Sectigo's documented ones.
 *
 * <ul>
 *   <li>docs.sectigo.com, "Domain Control Validation" / "Request token": SHA-256 of the DER-encoded CSR in hex,
 *       {@code sectigo.com}, optional uniqueValue (alphanumeric, at most 20 characters).
 *   <li>sectigo.com FAQ "How to complete DCV using the CNAME method": hostname {@code _MD5-HASH-OF-CSR.yourdomain.tld.},
 *       value {@code SHA256-Hash-First-32.SHA256-Hash-Last-32.[UNIQUE-VALUE].sectigo.com.}
 *   <li>Comodo's HTTP DCV (as the Comodo::DCV module documents it since July 2017):
 *       {@code /.well-known/pki-validation/<MD5>.txt}, the SHA-256 on the first line, the CA's domain on the next.
 * </ul>
 */
@DatabaseIndependent
class DcvTokensTest {

    /** Sectigo's documented templates, filled in by plain text substitution. */
    private static final String CNAME_NAME_TEMPLATE = "_MD5-HASH-OF-CSR.yourdomain.tld.";

    private static final String CNAME_VALUE_TEMPLATE =
            "SHA256-Hash-First-32.SHA256-Hash-Last-32.[UNIQUE-VALUE].sectigo.com.";

    @TempDir
    Path dir;

    @Test
    void theHashesAreOpensslsDigestsOfTheDerCsr() throws Exception {
        Path key = dir.resolve("key.pem");
        Path pem = dir.resolve("csr.pem");
        openssl(
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                key.toString(),
                "-subj",
                "/CN=www.example.nl",
                "-addext",
                "subjectAltName=DNS:www.example.nl,DNS:example.nl",
                "-out",
                pem.toString());
        Path der = dir.resolve("csr.der");
        openssl("req", "-in", pem.toString(), "-outform", "DER", "-out", der.toString());
        String md5 = digest("-md5", der);
        String sha256 = digest("-sha256", der);

        DcvTokens tokens = DcvTokens.of(Files.readString(pem), "aHXEOOEh");

        assertThat(tokens.md5()).isEqualToIgnoringCase(md5);
        assertThat(tokens.sha256()).isEqualToIgnoringCase(sha256);
        assertThat(tokens.cnameName("www.example.nl"))
                .isEqualToIgnoringCase(CNAME_NAME_TEMPLATE
                        .replace("MD5-HASH-OF-CSR", md5)
                        .replace("yourdomain.tld", "www.example.nl"));
        assertThat(tokens.cnameValue())
                .isEqualToIgnoringCase(CNAME_VALUE_TEMPLATE
                        .replace("SHA256-Hash-First-32", sha256.substring(0, 32))
                        .replace("SHA256-Hash-Last-32", sha256.substring(32))
                        .replace("[UNIQUE-VALUE]", "aHXEOOEh"));
        assertThat(tokens.fileUrl(false, "www.example.nl"))
                .isEqualToIgnoringCase("http://www.example.nl/.well-known/pki-validation/" + md5 + ".txt");
        assertThat(tokens.fileUrl(true, "example.nl"))
                .isEqualToIgnoringCase("https://example.nl/.well-known/pki-validation/" + md5 + ".txt");
        assertThat(tokens.fileContent().split("\n")).containsExactly(tokens.sha256(), "sectigo.com", "aHXEOOEh");
        assertThat(tokens.sha256()).isEqualToIgnoringCase(sha256);
    }

    @Test
    void withoutAUniqueValueTheTokenHasOnlyTheHashAndTheCaDomain() {
        DcvTokens tokens = DcvTokens.of(TestCsrs.ec("www.example.nl"), null);

        String sha256 = tokens.sha256();
        assertThat(tokens.cnameValue())
                .isEqualTo(CNAME_VALUE_TEMPLATE
                        .replace("SHA256-Hash-First-32", sha256.substring(0, 32))
                        .replace("SHA256-Hash-Last-32", sha256.substring(32))
                        .replace("[UNIQUE-VALUE].", ""));
        assertThat(tokens.fileContent()).isEqualTo(sha256 + "\nsectigo.com");
    }

    @Test
    void theHashesAreOverTheDerBytesNotThePemText() {
        String pem = TestCsrs.ec("www.example.nl");
        String reflowed = "  " + pem.strip().replace("\n", "\r\n") + "\r\n\r\n";

        assertThat(DcvTokens.of(reflowed, null)).isEqualTo(DcvTokens.of(pem, null));
        assertThat(DcvTokens.of(pem, null).md5()).matches("[0-9A-F]{32}");
        assertThat(DcvTokens.of(pem, null).sha256()).matches("[0-9A-F]{64}");
    }

    @Test
    void everyNameIsValidatedOnceAndAWildcardOnItsBaseDomain() {
        assertThat(DcvTokens.domains("*.Example.nl", List.of("example.nl", "www.example.nl", "*.shop.example.nl")))
                .containsExactly("example.nl", "www.example.nl", "shop.example.nl");
    }

    @Test
    void aUniqueValueIsAlphanumericAndAtMostTwentyCharacters() {
        String value = DcvTokens.newUniqueValue();
        assertThat(value).matches("[a-z0-9]{1,20}");
        assertThat(DcvTokens.newUniqueValue()).isNotEqualTo(value);
    }

    private String digest(String algorithm, Path file) throws Exception {
        // "MD5(csr.der)= 0123..." (OpenSSL 1.1 and 3 print "<ALG>(<file>)= <hex>")
        String out = openssl("dgst", algorithm, file.toString()).strip();
        return out.substring(out.lastIndexOf(' ') + 1).toUpperCase(Locale.ROOT);
    }

    private static String openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
