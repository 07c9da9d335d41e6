package nl.certflow.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Random;
import nl.certflow.DatabaseIndependent;
import nl.certflow.TestCsrs;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DatabaseIndependent
class CsrInspectorTest {

    private static final String NOT_PKCS10 = "The CSR is not a PEM-encoded PKCS#10 request";
    private static final String BAD_SIGNATURE = "The CSR's signature does not verify";
    private static final String BAD_CURVE = "Only EC curves P-256 and P-384 are accepted";

    private final CsrInspector inspector = new CsrInspector();

    @Test
    void readsRsaRequest() {
        CsrDetails details =
                inspector.inspect(TestCsrs.rsa("www.example.com", "www.example.com", "example.com", "*.example.com"));

        assertThat(details)
                .isEqualTo(new CsrDetails(
                        "www.example.com", List.of("www.example.com", "example.com", "*.example.com"), "RSA", 2048));
    }

    @Test
    void readsEcP256Request() {
        CsrDetails details = inspector.inspect(TestCsrs.ec("shop.example.nl", "api.example.nl"));

        assertThat(details.commonName()).isEqualTo("shop.example.nl");
        assertThat(details.dnsNames()).containsExactly("api.example.nl");
        assertThat(details.keyAlgorithm()).isEqualTo("EC");
        assertThat(details.keySize()).isEqualTo(256);
    }

    @Test
    void readsEcP384Request() {
        CsrDetails details = inspector.inspect(TestCsrs.ecCurve("secp384r1", "example.com"));

        assertThat(details.keyAlgorithm()).isEqualTo("EC");
        assertThat(details.keySize()).isEqualTo(384);
    }

    @Test
    void requestWithoutSansHasNoDnsNames() {
        assertThat(inspector.inspect(TestCsrs.ec("example.com")).dnsNames()).isEmpty();
    }

    @Test
    void requestWithoutCommonNameHasNullCommonName() {
        CsrDetails details = inspector.inspect(TestCsrs.withoutCommonName("example.com", "www.example.com"));

        assertThat(details.commonName()).isNull();
        assertThat(details.dnsNames()).containsExactly("example.com", "www.example.com");
    }

    @Test
    void keepsUnicodeCommonNameAsWritten() {
        assertThat(inspector.inspect(TestCsrs.ec("bücher.example")).commonName())
                .isEqualTo("bücher.example");
    }

    @Test
    void acceptsPemWithSurroundingWhitespaceAndWindowsLineEnds() {
        String pem = "\n  " + TestCsrs.ec("example.com").replace("\n", "\r\n") + "\n\n";

        assertThat(inspector.inspect(pem).commonName()).isEqualTo("example.com");
    }

    @Test
    void acceptsTheOldNewCertificateRequestHeader() {
        String pem = TestCsrs.ec("example.com").replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");

        assertThat(inspector.inspect(pem).commonName()).isEqualTo("example.com");
    }

    @Test
    void acceptsRsaOfExactly2048Bits() {
        assertThat(inspector.inspect(TestCsrs.rsaWithBits(2048, "example.com")).keySize())
                .isEqualTo(2048);
    }

    @Test
    void refusesRsa1024() {
        assertInvalid(TestCsrs.rsaWithBits(1024, "example.com"), "RSA keys must have at least 2048 bits (got 1024)");
    }

    @Test
    void refusesRsaJustBelow2048() {
        assertInvalid(TestCsrs.rsaWithBits(2047, "example.com"), "RSA keys must have at least 2048 bits (got 2047)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp521r1", "secp256k1", "brainpoolP256r1", "secp224r1", "prime192v1"})
    void refusesOtherCurves(String curve) {
        assertInvalid(TestCsrs.ecCurve(curve, "example.com"), BAD_CURVE);
    }

    @Test
    void refusesOtherKeyTypes() {
        assertInvalid(TestCsrs.ed25519("example.com"), "Only RSA and EC keys are accepted");
    }

    @Test
    void refusesRequestWhoseSignatureDoesNotVerify() {
        assertInvalid(TestCsrs.tamperedSignature("example.com"), BAD_SIGNATURE);
    }

    @Test
    void refusesRequestWithAFlippedSignatureBit() {
        byte[] der = der(TestCsrs.rsa("example.com"));
        der[der.length - 10] ^= 0x01; // inside the RSA signature, which is the last element of the request

        assertInvalid(pem("CERTIFICATE REQUEST", der), BAD_SIGNATURE);
    }

    @Test
    void refusesRequestWhoseSubjectWasChangedAfterSigning() {
        byte[] der = der(TestCsrs.rsa("aaaa.example.com"));
        der[indexOf(der, "aaaa.example.com".getBytes(StandardCharsets.US_ASCII))] = 'b';

        assertInvalid(pem("CERTIFICATE REQUEST", der), BAD_SIGNATURE);
    }

    @Test
    void refusesTwoCommonNames() {
        String pem = csrWithSubject(new X500Name("CN=a.example.com, CN=b.example.com"));

        assertInvalid(pem, "The CSR's subject must have at most one common name");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\n\t "})
    void refusesEmptyInput(String pem) {
        assertInvalid(pem, "The CSR is empty");
    }

    @Test
    void refusesHugeInput() {
        String huge = TestCsrs.ec("example.com") + " ".repeat(CsrInspector.MAX_PEM_LENGTH);

        assertInvalid(huge, "The CSR is too long (at most 16000 characters)");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "hello",
                "🔐 证书请求 ☃",
                "\u0000\u0001\u0002",
                "-----BEGIN CERTIFICATE REQUEST-----",
                "-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n",
                "-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgY3Ny\n-----END CERTIFICATE REQUEST-----\n",
                "-----BEGIN CERTIFICATE REQUEST-----\n!!!***not base64***\n-----END CERTIFICATE REQUEST-----\n",
                "-----BEGIN CERTIFICATE REQUEST-----\n🔐证书\n-----END CERTIFICATE REQUEST-----\n",
                "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n",
                "-----BEGIN FOO-----\nMAA=\n-----END FOO-----\n",
                "-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE-----\n"
            })
    void refusesGarbage(String pem) {
        assertInvalid(pem, NOT_PKCS10);
    }

    @Test
    void refusesBareBase64WithoutPemArmour() {
        String pem = TestCsrs.ec("example.com");
        String base64Only = pem.replaceAll("-----[A-Z ]+-----", "").trim();

        assertInvalid(base64Only, NOT_PKCS10);
    }

    @Test
    void refusesTruncatedPem() {
        String pem = TestCsrs.ec("example.com");

        assertInvalid(pem.substring(0, pem.length() / 2), NOT_PKCS10);
    }

    @Test
    void refusesRequestBodyUnderACertificateHeader() {
        String pem = TestCsrs.ec("example.com").replace("CERTIFICATE REQUEST", "CERTIFICATE");

        assertInvalid(pem, NOT_PKCS10);
    }

    @Test
    void refusesACertificate() throws Exception {
        KeyPair key = p256();
        var certificate = new JcaX509v3CertificateBuilder(
                        new X500Name("CN=example.com"),
                        BigInteger.ONE,
                        Date.from(Instant.now()),
                        Date.from(Instant.now().plusSeconds(3600)),
                        new X500Name("CN=example.com"),
                        key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));

        assertInvalid(TestCsrs.pem(certificate), NOT_PKCS10);
    }

    @Test
    void refusesAPrivateKey() throws Exception {
        assertInvalid(TestCsrs.pem(p256().getPrivate()), NOT_PKCS10);
    }

    @Test
    void refusesTwoRequestsInOne() {
        assertInvalid(TestCsrs.ec("a.example.com") + TestCsrs.ec("b.example.com"), NOT_PKCS10);
    }

    @Test
    void neverThrowsAnythingButInvalidCsrOnCorruptedRequests() {
        byte[] original = der(TestCsrs.ec("example.com", "www.example.com"));
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] corrupted = original.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                corrupted[random.nextInt(corrupted.length)] = (byte) random.nextInt(256);
            }
            Throwable thrown = catchThrowable(() -> inspector.inspect(pem("CERTIFICATE REQUEST", corrupted)));

            assertThat(thrown)
                    .as("corruption %d", i)
                    .satisfiesAnyOf(
                            t -> assertThat(t).isNull(),
                            t -> assertThat(t).isExactlyInstanceOf(InvalidCsrException.class));
        }
    }

    private void assertInvalid(String pem, String message) {
        assertThatThrownBy(() -> inspector.inspect(pem))
                .isExactlyInstanceOf(InvalidCsrException.class)
                .hasMessage(message);
    }

    private static byte[] der(String pem) {
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            return reader.readPemObject().getContent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return TestCsrs.pem(new PemObject(type, der));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String csrWithSubject(X500Name subject) {
        try {
            KeyPair key = p256();
            var request = new JcaPKCS10CertificationRequestBuilder(subject, key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            return TestCsrs.pem(request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
