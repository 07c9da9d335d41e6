package nl.certflow.ca.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import javax.sql.DataSource;
import nl.certflow.DatabaseIndependent;
import nl.certflow.TestCsrs;
import nl.certflow.ca.CaRefusedException;
import nl.certflow.ca.IssuedCertificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

@DatabaseIndependent
class SimulatedCaSignerTest {

    private static final Instant NOW = Instant.parse("2025-03-14T09:26:53.589793Z");
    private static final Instant NOW_IN_SECONDS = Instant.parse("2025-03-14T09:26:53Z");
    private static final String CA_NAME = "CN=certflow Simulated CA (not trusted), O=certflow";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private JdbcTemplate jdbc;
    private SimulatedCaSigner signer;

    @BeforeEach
    void freshDatabase() {
        // A database per test: H2 in-memory databases with DB_CLOSE_DELAY=-1 live as long as the JVM.
        DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V1__orders.sql")).execute(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        signer = new SimulatedCaSigner(jdbc, clock);
    }

    @Test
    void issuesLeafThatVerifiesAgainstTheCaCertificate() throws Exception {
        IssuedCertificate issued =
                signer.sign(TestCsrs.ec("www.example.com"), "www.example.com", List.of(), Duration.ofDays(90));

        X509Certificate leaf = certificate(issued.pem());
        X509Certificate ca = certificate(issued.chainPem());
        leaf.verify(ca.getPublicKey());
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(issued.chainPem()).isEqualTo(signer.caCertificatePem());
    }

    @Test
    void leafNamesTheCommonNameAndAllDnsNamesOnce() throws Exception {
        IssuedCertificate issued = signer.sign(
                TestCsrs.rsa("www.example.com"),
                "www.example.com",
                List.of("example.com", "WWW.example.com", "*.example.com", "example.com"),
                Duration.ofDays(365));

        X509Certificate leaf = certificate(issued.pem());
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=www.example.com");
        assertThat(dnsNames(leaf)).containsExactly("www.example.com", "example.com", "*.example.com");
    }

    @Test
    void leafCarriesTheCsrPublicKey() throws Exception {
        String csr = TestCsrs.rsa("example.com");

        X509Certificate leaf = certificate(
                signer.sign(csr, "example.com", List.of(), Duration.ofDays(30)).pem());

        assertThat(leaf.getPublicKey().getEncoded()).isEqualTo(csrPublicKey(csr));
    }

    @Test
    void validityStartsNowInWholeSecondsAndLastsTheRequestedDays() throws Exception {
        IssuedCertificate issued =
                signer.sign(TestCsrs.ec("example.com"), "example.com", List.of(), Duration.ofDays(397));

        assertThat(issued.notBefore()).isEqualTo(NOW_IN_SECONDS);
        assertThat(issued.notAfter()).isEqualTo(Instant.parse("2026-04-15T09:26:53Z"));
        X509Certificate leaf = certificate(issued.pem());
        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(issued.notBefore());
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(issued.notAfter());
    }

    @Test
    void serialIsA128BitPositiveNumberInUpperCaseHex() throws Exception {
        IssuedCertificate first =
                signer.sign(TestCsrs.ec("example.com"), "example.com", List.of(), Duration.ofDays(30));
        IssuedCertificate second =
                signer.sign(TestCsrs.ec("example.com"), "example.com", List.of(), Duration.ofDays(30));

        X509Certificate leaf = certificate(first.pem());
        assertThat(leaf.getSerialNumber().signum()).isPositive();
        assertThat(leaf.getSerialNumber().bitLength()).isEqualTo(128);
        assertThat(first.serialNumber())
                .matches("[0-9A-F]{32}")
                .isEqualTo(leaf.getSerialNumber().toString(16).toUpperCase());
        assertThat(second.serialNumber()).isNotEqualTo(first.serialNumber());
    }

    @Test
    void leafIsAServerCertificateAndNotACa() throws Exception {
        X509Certificate leaf =
                certificate(signer.sign(TestCsrs.ec("example.com"), "example.com", List.of(), Duration.ofDays(30))
                        .pem());

        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getCriticalExtensionOIDs())
                .contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        boolean[] keyUsage = leaf.getKeyUsage();
        assertThat(keyUsage[0]).as("digitalSignature").isTrue();
        assertThat(keyUsage[2]).as("keyEncipherment").isTrue();
        assertThat(keyUsage[5]).as("keyCertSign").isFalse();
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void leafPointsToTheCaKeyByAuthorityKeyIdentifier() throws Exception {
        IssuedCertificate issued =
                signer.sign(TestCsrs.ec("example.com"), "example.com", List.of(), Duration.ofDays(30));

        byte[] authorityKeyId = AuthorityKeyIdentifier.getInstance(
                        extensionValue(certificate(issued.pem()), Extension.authorityKeyIdentifier))
                .getKeyIdentifier();
        byte[] caKeyId = ASN1OctetString.getInstance(
                        extensionValue(certificate(issued.chainPem()), Extension.subjectKeyIdentifier))
                .getOctets();
        assertThat(authorityKeyId).isNotEmpty().isEqualTo(caKeyId);
    }

    @Test
    void caCertificateIsSelfSignedAndValidForTenYears() throws Exception {
        X509Certificate ca = certificate(signer.caCertificatePem());

        ca.verify(ca.getPublicKey());
        assertThat(ca.getSubjectX500Principal()).isEqualTo(new X500Principal(CA_NAME));
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getNotBefore().toInstant()).isEqualTo(NOW_IN_SECONDS);
        assertThat(ca.getNotAfter().toInstant()).isEqualTo(Instant.parse("2035-03-14T09:26:53Z"));
    }

    @Test
    void storesTheCaOnFirstUse() {
        assertThat(caRows()).isZero();

        String caPem = signer.caCertificatePem();

        assertThat(caRows()).isOne();
        assertThat(jdbc.queryForObject("SELECT cert_pem FROM cf_simulator_ca WHERE id = 1", String.class))
                .isEqualTo(caPem);
        assertThat(jdbc.queryForObject("SELECT key_pem FROM cf_simulator_ca WHERE id = 1", String.class))
                .startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void anotherSignerOnTheSameDatabaseReusesTheCaKey() throws Exception {
        String caPem = signer.caCertificatePem();
        SimulatedCaSigner otherNode = new SimulatedCaSigner(jdbc, clock);

        IssuedCertificate issued =
                otherNode.sign(TestCsrs.ec("example.com"), "example.com", List.of(), Duration.ofDays(30));

        assertThat(otherNode.caCertificatePem()).isEqualTo(caPem);
        certificate(issued.pem()).verify(certificate(caPem).getPublicKey());
        assertThat(caRows()).isOne();
    }

    @Test
    void signerThatLosesTheInsertRaceAdoptsTheWinnersCa() throws Exception {
        SimulatedCaSigner winner = new SimulatedCaSigner(jdbc, clock);
        JdbcTemplate racing = new JdbcTemplate(jdbc.getDataSource()) {
            @Override
            public int update(String sql, Object... args) {
                winner.caCertificatePem(); // the other node inserts between our read and our insert
                return super.update(sql, args);
            }
        };
        SimulatedCaSigner loser = new SimulatedCaSigner(racing, clock);

        IssuedCertificate issued =
                loser.sign(TestCsrs.ec("example.com"), "example.com", List.of(), Duration.ofDays(30));

        assertThat(loser.caCertificatePem()).isEqualTo(winner.caCertificatePem());
        certificate(issued.pem()).verify(certificate(winner.caCertificatePem()).getPublicKey());
        assertThat(caRows()).isOne();
    }

    @Test
    void concurrentFirstUsesCreateOneCa() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(signer::caCertificatePem);
            }
            Set<String> caPems = threads.invokeAll(calls).stream()
                    .map(SimulatedCaSignerTest::get)
                    .collect(Collectors.toSet());

            assertThat(caPems).hasSize(1);
            assertThat(caRows()).isOne();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void refusesCsrWhoseSignatureDoesNotVerify() {
        assertThatThrownBy(() -> signer.sign(
                        TestCsrs.tamperedSignature("example.com"), "example.com", List.of(), Duration.ofDays(30)))
                .isInstanceOf(CaRefusedException.class)
                .hasMessage("The CSR's signature does not verify");
    }

    @Test
    void refusesUnreadableCsr() {
        for (String garbage : Arrays.asList(null, "", "not a csr", signer.caCertificatePem())) {
            assertThatThrownBy(() -> signer.sign(garbage, "example.com", List.of(), Duration.ofDays(30)))
                    .isInstanceOf(CaRefusedException.class)
                    .hasMessage("The CSR cannot be read");
        }
    }

    @Test
    void refusesNamesThatAreNotDnsNames() {
        assertThatThrownBy(() -> signer.sign(
                        TestCsrs.ec("example.com"), "example.com", List.of("bad name.com"), Duration.ofDays(30)))
                .isInstanceOf(CaRefusedException.class)
                .hasMessage("Not a valid DNS name: bad name.com");
        assertThatThrownBy(() -> signer.sign(TestCsrs.ec("example.com"), null, List.of(), Duration.ofDays(30)))
                .isInstanceOf(CaRefusedException.class);
    }

    @Test
    void refusesNonPositiveValidity() {
        assertThatThrownBy(() -> signer.sign(TestCsrs.ec("example.com"), "example.com", List.of(), Duration.ofDays(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private int caRows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM cf_simulator_ca", Integer.class);
    }

    private static X509Certificate certificate(String pem) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static List<String> dnsNames(X509Certificate certificate) throws CertificateException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        return names.stream()
                .filter(name -> name.get(0).equals(2))
                .map(name -> (String) name.get(1))
                .toList();
    }

    private static byte[] extensionValue(X509Certificate certificate, ASN1ObjectIdentifier oid) {
        return ASN1OctetString.getInstance(certificate.getExtensionValue(oid.getId()))
                .getOctets();
    }

    private static byte[] csrPublicKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return ((PKCS10CertificationRequest) parser.readObject())
                    .getSubjectPublicKeyInfo()
                    .getEncoded();
        }
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
