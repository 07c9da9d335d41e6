package nl.certflow.ca.sectigo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import nl.certflow.DatabaseIndependent;
import nl.certflow.TestCsrs;
import nl.certflow.ca.CaDcvChange;
import nl.certflow.ca.CaOrderRequest;
import nl.certflow.ca.CaRefusedException;
import nl.certflow.ca.CaReissueRequest;
import nl.certflow.ca.CaRevocation;
import nl.certflow.ca.CaState;
import nl.certflow.ca.CaStatus;
import nl.certflow.ca.CaSubmission;
import nl.certflow.ca.CaUnavailableException;
import nl.certflow.order.Company;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.DcvStatus;
import nl.certflow.order.Requester;
import nl.certflow.order.ValidationType;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@DatabaseIndependent
class SectigoCertificateAuthorityTest {

    private static final String APPLY = "/products/!AutoApplySSL";
    private static final String REVOKE = "/products/!AutoRevokeSSL";
    private static final String COLLECT = "/products/download/CollectSSL";
    private static final String CSR =
            "-----BEGIN CERTIFICATE REQUEST-----\nMIIBfake\n-----END CERTIFICATE REQUEST-----";

    private static final BigInteger SERIAL = new BigInteger("0A1B2C3D4E5F60718293A4B5C6D7E8F9", 16);
    private static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2026-01-01T00:00:00Z");
    private static String certificatePem;
    private static String chainPem;

    private SectigoStub stub;
    private SectigoCertificateAuthority ca;

    @BeforeAll
    static void createCertificates() throws Exception {
        certificatePem = selfSigned("CN=www.example.nl", SERIAL);
        chainPem = selfSigned("CN=Test Intermediate CA", BigInteger.valueOf(7));
    }

    @BeforeEach
    void startStub() throws Exception {
        stub = new SectigoStub();
        ca = new SectigoCertificateAuthority(properties(SectigoStub.PASSWORD, Duration.ofSeconds(5), Map.of()));
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    // ------------------------------------------------------------------ submit

    @Test
    void submitDvSendsEveryFieldAndKeepsOrderNumberAndCertificateId() {
        CaSubmission submission = ca.submit(dvRequest());

        assertThat(submission).isEqualTo(new CaSubmission("1234567", "987654321"));
        List<SectigoStub.Recorded> calls = stub.requestsTo(APPLY);
        assertThat(calls).hasSize(1);
        SectigoStub.Recorded call = calls.get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.contentType()).startsWith("application/x-www-form-urlencoded");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("loginName", SectigoStub.LOGIN);
        expected.put("loginPassword", SectigoStub.PASSWORD);
        expected.put("responseFormat", "1");
        expected.put("product", "488");
        expected.put("days", "365");
        expected.put("csr", CSR);
        expected.put("serverSoftware", "-1");
        expected.put("dcvMethod", "CNAME_CSR_HASH");
        expected.put("isCustomerValidated", "N");
        expected.put("showCertificateID", "Y");
        expected.put("foreignOrderNumber", "ord-1");
        expected.put("appRepForename", "Jan");
        expected.put("appRepSurname", "van der Berg");
        expected.put("appRepEmailAddress", "jan@example.nl");
        expected.put("appRepTelephone", "+31 20 123 4567");
        assertThat(call.form()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void submitOvSendsOrganisationFields() {
        CaSubmission submission = ca.submit(request(ValidationType.OV, company()));

        assertThat(submission.orderNumber()).isEqualTo("1234567");
        Map<String, String> form = stub.requestsTo(APPLY).get(0).form();
        assertThat(form)
                .containsEntry("product", "316")
                .containsEntry("organizationName", "Voorbeeld B.V.")
                .containsEntry("streetAddress1", "Damrak 1")
                .containsEntry("localityName", "Amsterdam")
                .containsEntry("postalCode", "1012 LG")
                .containsEntry("countryName", "NL")
                .containsEntry("companyNumber", "12345678");
    }

    @Test
    void submitDvSendsNoOrganisationFields() {
        ca.submit(dvRequest());

        assertThat(stub.requestsTo(APPLY).get(0).form())
                .doesNotContainKeys(
                        "organizationName",
                        "streetAddress1",
                        "localityName",
                        "postalCode",
                        "countryName",
                        "companyNumber");
    }

    @Test
    void submitUsesConfiguredProductAndKeepsTheOtherDefaults() {
        SectigoCertificateAuthority custom = new SectigoCertificateAuthority(
                properties(SectigoStub.PASSWORD, Duration.ofSeconds(5), Map.of(ValidationType.EV, "410")));

        custom.submit(request(ValidationType.EV, company()));
        custom.submit(dvRequest());

        assertThat(stub.requestsTo(APPLY))
                .extracting(r -> r.form().get("product"))
                .containsExactly("410", "488");
    }

    @Test
    void submitOvWithoutCompanyIsRefusedWithoutCallingSectigo() {
        Throwable thrown = thrown(() -> ca.submit(request(ValidationType.OV, null)));

        assertThat(thrown).isInstanceOf(CaRefusedException.class).hasMessageContaining("no company");
        assertThat(stub.requests).isEmpty();
    }

    @Test
    void paymentRequiredIsAPlacedOrder() {
        stub.apply = form -> SectigoStub.Reply.ok(
                "errorCode", "1", "orderNumber", "7654321", "certificateID", "55", "totalCost", "42.00");

        assertThat(ca.submit(dvRequest())).isEqualTo(new CaSubmission("7654321", "55"));
    }

    @Test
    void badInputIsRefusedWithSectigosMessage() {
        stub.apply = form -> SectigoStub.Reply.ok(
                "errorCode", "-3", "errorMessage", "The 'csr' argument is missing!", "errorItem", "csr");

        Throwable thrown = thrown(() -> ca.submit(dvRequest()));

        assertThat(thrown)
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("Sectigo AutoApplySSL")
                .hasMessageContaining("-3")
                .hasMessageContaining("The 'csr' argument is missing!");
    }

    @Test
    void invalidValueAndCountryAreRefused() {
        stub.apply = form ->
                SectigoStub.Reply.ok("errorCode", "-7", "errorMessage", "'XX' is not a valid ISO-3166 country!");
        assertThat(thrown(() -> ca.submit(dvRequest()))).isInstanceOf(CaRefusedException.class);

        stub.apply = form ->
                SectigoStub.Reply.ok("errorCode", "-4", "errorMessage", "The value of the 'days' argument is invalid!");
        assertThat(thrown(() -> ca.submit(dvRequest()))).isInstanceOf(CaRefusedException.class);
    }

    @Test
    void unknownErrorIsTransient() {
        stub.apply = form -> SectigoStub.Reply.ok("errorCode", "-14", "errorMessage", "An unknown error occurred!");

        Throwable thrown = thrown(() -> ca.submit(dvRequest()));

        assertThat(thrown)
                .isInstanceOf(CaUnavailableException.class)
                .hasMessage("Sectigo AutoApplySSL failed: -14 An unknown error occurred! (Sectigo is temporarily "
                        + "unavailable; the job is retried with back-off, after the last retry use Retry in Cockpit)");
    }

    @Test
    void callLimitIsTransient() {
        stub.apply = form ->
                SectigoStub.Reply.ok("errorCode", "-42", "errorMessage", "Call limit reached, please try again later");

        assertThat(thrown(() -> ca.submit(dvRequest())))
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageContaining("-42");
    }

    @Test
    void loginFailureIsAnOperatorIncidentNotARefusal() {
        SectigoCertificateAuthority wrongPassword =
                new SectigoCertificateAuthority(properties("not-the-password", Duration.ofSeconds(5), Map.of()));

        Throwable thrown = thrown(() -> wrongPassword.submit(dvRequest()));

        assertThat(thrown)
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageContaining("Sectigo AutoApplySSL failed: -16")
                .hasMessageContaining("check certflow.ca.sectigo.login-name and login-password")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void http500IsTransient() {
        stub.apply = form -> new SectigoStub.Reply(500, "Internal Server Error");

        assertThat(thrown(() -> ca.submit(dvRequest())))
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageContaining("HTTP 500");
    }

    @Test
    void garbageAnswerIsTransient() {
        stub.apply = form -> new SectigoStub.Reply(200, "<html><body>Maintenance</body></html>");

        assertThat(thrown(() -> ca.submit(dvRequest())))
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageContaining("unparseable answer");
    }

    @Test
    void nonNumericErrorCodeIsTransient() {
        stub.apply = form -> new SectigoStub.Reply(200, "errorCode=oops");

        assertThat(thrown(() -> ca.submit(dvRequest())))
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageContaining("unparseable answer");
    }

    @Test
    void readTimeoutIsTransient() {
        SectigoCertificateAuthority impatient =
                new SectigoCertificateAuthority(properties(SectigoStub.PASSWORD, Duration.ofMillis(300), Map.of()));
        stub.delayMillis = 3_000;

        long start = System.nanoTime();
        Throwable thrown = thrown(() -> impatient.submit(dvRequest()));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(thrown).isInstanceOf(CaUnavailableException.class).hasMessageContaining("timed out");
        assertThat(elapsedMillis).isLessThan(2_500);
    }

    @Test
    void unreachableHostIsTransient() {
        String deadUrl = stub.baseUrl();
        stub.close();
        SectigoCertificateAuthority dead = new SectigoCertificateAuthority(new SectigoProperties(
                deadUrl,
                SectigoStub.LOGIN,
                SectigoStub.PASSWORD,
                null,
                null,
                false,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1)));

        assertThat(thrown(() -> dead.collect("1234567")))
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageStartingWith("Sectigo CollectSSL failed:");
    }

    @Test
    void passwordEchoedByTheCaNeverReachesTheMessage() {
        stub.apply = form -> SectigoStub.Reply.ok(
                "errorCode",
                "-16",
                "errorMessage",
                "Incorrect login details for " + form.get("loginName") + "/" + form.get("loginPassword"));
        stub.revoke = form ->
                SectigoStub.Reply.ok("errorCode", "-4", "errorMessage", "Bad request " + form.get("loginPassword"));

        Throwable submit = thrown(() -> ca.submit(dvRequest()));
        Throwable cancel = thrown(() -> ca.cancel("1234567", "no longer needed"));

        assertThat(submit).isInstanceOf(CaUnavailableException.class).hasMessageContaining("******");
        assertThat(cancel).isInstanceOf(CaRefusedException.class).hasMessageContaining("******");
        assertThat(properties(SectigoStub.PASSWORD, Duration.ofSeconds(1), Map.of())
                        .toString())
                .doesNotContain(SectigoStub.PASSWORD);
    }

    // ------------------------------------------------------------------ cancel

    @Test
    void cancelSendsOrderNumberReasonAndUnspecifiedCode() {
        ca.submit(dvRequest());
        ca.cancel("1234567", "Customer no longer needs the certificate");

        Map<String, String> form = stub.requestsTo(REVOKE).get(0).form();
        assertThat(form)
                .containsEntry("loginName", SectigoStub.LOGIN)
                .containsEntry("loginPassword", SectigoStub.PASSWORD)
                .containsEntry("responseFormat", "1")
                .containsEntry("orderNumber", "1234567")
                .containsEntry("revocationReason", "Customer no longer needs the certificate")
                .containsEntry("codeReason", "0");
    }

    @Test
    void cancelMapsRfc5280ReasonNames() {
        stub.revoke = form -> SectigoStub.Reply.ok("errorCode", "0");
        ca.cancel("1", "keyCompromise: laptop stolen");
        ca.cancel("2", "Affiliation changed");
        ca.cancel("3", "superseded by order 4");
        ca.cancel("4", "cessation_of_operation");

        assertThat(stub.requestsTo(REVOKE))
                .extracting(r -> r.form().get("codeReason"))
                .containsExactly("1", "3", "4", "5");
    }

    @Test
    void cancelOfAnAlreadyCancelledOrderIsDone() {
        stub.revoke = form ->
                SectigoStub.Reply.ok("errorCode", "-20", "errorMessage", "The certificate has already been rejected!");

        ca.cancel("1234567", "no longer needed");
    }

    @Test
    void cancelOfAnAlreadyRevokedCertificateIsDone() {
        stub.revoke = form ->
                SectigoStub.Reply.ok("errorCode", "-21", "errorMessage", "The certificate has already been revoked!");

        ca.cancel("1234567", "no longer needed");
    }

    @Test
    void cancelWhileBeingIssuedIsTransient() {
        stub.revoke = form ->
                SectigoStub.Reply.ok("errorCode", "-26", "errorMessage", "The certificate is currently being issued!");

        assertThat(thrown(() -> ca.cancel("1234567", "no longer needed")))
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageContaining("Sectigo AutoRevokeSSL failed: -26");
    }

    // ------------------------------------------------------------------ reissue (AutoReplaceSSL)

    @Test
    void replaceSendsOrderNumberAndCsrAndKeepsTheNewCertificateId() {
        ca.submit(dvRequest());
        stub.order("1234567").state = SectigoStub.State.ISSUED;

        CaSubmission replaced = ca.replace(reissueRequest("1234567", CSR));

        assertThat(replaced).isEqualTo(new CaSubmission("1234567", "987654322"));
        Map<String, String> form = stub.requestsTo(SectigoStub.REPLACE).get(0).form();
        assertThat(form)
                .containsEntry("loginName", SectigoStub.LOGIN)
                .containsEntry("loginPassword", SectigoStub.PASSWORD)
                .containsEntry("responseFormat", "1")
                .containsEntry("orderNumber", "1234567")
                .containsEntry("csr", CSR)
                .containsEntry("serverSoftware", "-1")
                .containsEntry("dcvMethod", "CNAME_CSR_HASH")
                .containsEntry("showCertificateID", "Y");
    }

    @Test
    void replaceRefusedBySectigoIsARefusalWithItsMessage() {
        ca.submit(dvRequest());

        assertThat(thrown(() -> ca.replace(reissueRequest("1234567", CSR))))
                .isInstanceOf(CaRefusedException.class)
                .hasMessage("Sectigo AutoReplaceSSL refused to reissue order 1234567: -4 The value of the "
                        + "'orderNumber' argument is invalid! [errorItem orderNumber]");
    }

    @Test
    void replaceDuringAnOutageIsTransient() {
        stub.failNext(SectigoStub.REPLACE, 1, SectigoStub.Reply.error(-14, "An unknown error occurred!"));

        assertThat(thrown(() -> ca.replace(reissueRequest("1234567", CSR))))
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageContaining("Sectigo AutoReplaceSSL failed: -14");
    }

    @Test
    void revokeOneCertificateByIdAsSupersededOrKeyCompromise() {
        ca.revoke(new CaRevocation("1234567", "987654321", "0A1B", "superseded by a reissue", false));
        ca.revoke(new CaRevocation("1234567", null, "0A1C", "keyCompromise: laptop stolen", true));
        ca.revoke(new CaRevocation("1234567", "987654321", "0A1B", "superseded by a reissue", false));

        List<Map<String, String>> forms =
                stub.requestsTo(REVOKE).stream().map(SectigoStub.Recorded::form).toList();
        assertThat(forms.get(0))
                .containsEntry("certificateID", "987654321")
                .containsEntry("codeReason", "4")
                .containsEntry("revocationReason", "superseded by a reissue")
                .doesNotContainKeys("orderNumber", "serialNumber");
        assertThat(forms.get(1))
                .containsEntry("serialNumber", "0A1C")
                .containsEntry("codeReason", "1")
                .doesNotContainKeys("orderNumber", "certificateID");
        assertThat(stub.revokedCertificates)
                .as("the third was already revoked (-21): done")
                .hasSize(2);
    }

    @Test
    void aReplacementIsReportedOnceSectigoIssuedItForTheNewKey() throws Exception {
        String firstCsr = TestCsrs.ec("www.example.nl");
        CaSubmission placed = ca.submit(new CaOrderRequest(
                "ord-reissue",
                ValidationType.DV,
                "www.example.nl",
                List.of(),
                firstCsr,
                90,
                new Requester("Jan Jansen", "jan@example.nl", null),
                null));
        stub.issue(placed.orderNumber());
        String firstSerial = ca.collect(placed.orderNumber()).certificate().serialNumber();

        String newCsr = TestCsrs.ec("www.example.nl");
        ca.replace(reissueRequest(placed.orderNumber(), newCsr));
        CaStatus meanwhile = ca.collect(placed.orderNumber());
        assertThat(meanwhile.state()).isEqualTo(CaState.ISSUED);
        assertThat(meanwhile.certificate().serialNumber())
                .as("until the replacement is issued, Sectigo reports the certificate it holds")
                .isEqualTo(firstSerial);

        stub.issue(placed.orderNumber());
        CaStatus replaced = ca.collect(placed.orderNumber());
        assertThat(replaced.certificate().serialNumber()).isNotEqualTo(firstSerial);
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new ByteArrayInputStream(replaced.certificate().pem().getBytes(StandardCharsets.US_ASCII)));
        try (PEMParser parser = new PEMParser(new StringReader(newCsr))) {
            assertThat(certificate.getPublicKey().getEncoded())
                    .isEqualTo(((PKCS10CertificationRequest) parser.readObject())
                            .getSubjectPublicKeyInfo()
                            .getEncoded());
        }
    }

    private static CaReissueRequest reissueRequest(String orderNumber, String csr) {
        return new CaReissueRequest("order-1", orderNumber, ValidationType.DV, "www.example.nl", List.of(), csr, 47);
    }

    // ------------------------------------------------------------------ collect

    @Test
    void collectValidIsIssuedWithTheCertificate() {
        stub.collect = form -> SectigoStub.Reply.ok(
                "errorCode",
                "2",
                "certificateStatus",
                "Valid",
                "notBefore",
                Long.toString(NOT_BEFORE.getEpochSecond()),
                "notAfter",
                Long.toString(NOT_AFTER.getEpochSecond()),
                "certificate",
                certificatePem,
                "caCertificate",
                chainPem);

        CaStatus status = ca.collect("1234567");

        assertThat(status.state()).isEqualTo(CaState.ISSUED);
        assertThat(status.detail()).isEqualTo("Valid");
        assertThat(status.certificate().serialNumber()).isEqualTo("A1B2C3D4E5F60718293A4B5C6D7E8F9");
        assertThat(status.certificate().notBefore()).isEqualTo(NOT_BEFORE);
        assertThat(status.certificate().notAfter()).isEqualTo(NOT_AFTER);
        assertThat(status.certificate().pem()).isEqualToIgnoringNewLines(certificatePem);
        assertThat(status.certificate().chainPem()).isEqualToIgnoringNewLines(chainPem);

        Map<String, String> form = stub.requestsTo(COLLECT).get(0).form();
        assertThat(form)
                .containsEntry("loginName", SectigoStub.LOGIN)
                .containsEntry("loginPassword", SectigoStub.PASSWORD)
                .containsEntry("responseFormat", "1")
                .containsEntry("orderNumber", "1234567")
                .containsEntry("queryType", "1")
                .containsEntry("showValidityPeriod", "Y")
                .containsEntry("showExtStatus", "Y")
                .containsEntry("responseType", "3")
                .containsEntry("responseEncoding", "0");
    }

    @Test
    void collectAcceptsBareBase64AndFallsBackToTheCertificatesDates() {
        String bare = certificatePem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        stub.collect =
                form -> SectigoStub.Reply.ok("errorCode", "1", "certificateStatus", "Valid", "certificate", bare);

        CaStatus status = ca.collect("1234567");

        assertThat(status.state()).isEqualTo(CaState.ISSUED);
        assertThat(status.certificate().notBefore()).isEqualTo(NOT_BEFORE);
        assertThat(status.certificate().notAfter()).isEqualTo(NOT_AFTER);
        assertThat(status.certificate().pem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(status.certificate().chainPem()).isNull();
    }

    @Test
    void collectValidWithBrokenCertificateIsTransient() {
        stub.collect = form -> SectigoStub.Reply.ok(
                "errorCode", "1", "certificateStatus", "Valid", "certificate", "not a certificate");

        assertThat(thrown(() -> ca.collect("1234567")))
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageContaining("unparseable answer");
    }

    @Test
    void collectBeingProcessedIsPendingWithSectigosText() {
        stub.collect = form -> SectigoStub.Reply.ok("errorCode", "0", "certificateStatus", "Awaiting Validation (DCV)");

        CaStatus status = ca.collect("1234567");

        assertThat(status).isEqualTo(new CaStatus(CaState.PENDING, "Awaiting Validation (DCV)", null));
    }

    @Test
    void collectRejectedIsRejected() {
        stub.collect = form -> SectigoStub.Reply.ok(
                "errorCode", "0", "certificateStatus", "Rejected: organisation could not be verified");

        CaStatus status = ca.collect("1234567");

        assertThat(status.state()).isEqualTo(CaState.REJECTED);
        assertThat(status.detail()).contains("organisation could not be verified");
        assertThat(status.certificate()).isNull();
    }

    @Test
    void collectRevokedIsRevoked() {
        stub.collect = form -> SectigoStub.Reply.ok(
                "errorCode",
                "2",
                "certificateStatus",
                "Revoked",
                "notBefore",
                Long.toString(NOT_BEFORE.getEpochSecond()),
                "notAfter",
                Long.toString(NOT_AFTER.getEpochSecond()),
                "certificate",
                certificatePem);

        CaStatus status = ca.collect("1234567");

        assertThat(status.state()).isEqualTo(CaState.REVOKED);
        assertThat(status.detail()).isEqualTo("Revoked");
    }

    @Test
    void collectExpiredIsExpired() {
        stub.collect = form -> SectigoStub.Reply.ok("errorCode", "2", "certificateStatus", "Expired");

        assertThat(ca.collect("1234567").state()).isEqualTo(CaState.EXPIRED);
    }

    @Test
    void collectErrorsAreTyped() {
        stub.collect = form -> SectigoStub.Reply.ok("errorCode", "-42", "errorMessage", "Call limit reached");
        assertThat(thrown(() -> ca.collect("1234567")))
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageContaining("Sectigo CollectSSL failed: -42");

        stub.collect = form -> SectigoStub.Reply.ok(
                "errorCode", "-4", "errorMessage", "The value of the 'orderNumber' argument is invalid!");
        assertThat(thrown(() -> ca.collect("1234567")))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("-4");
    }

    @Test
    void concurrentCollectsForOneAccountAreSerialised() throws Exception {
        stub.delayMillis = 150;
        stub.collect = form -> SectigoStub.Reply.ok("errorCode", "0", "certificateStatus", "Being processed");
        // A second instance for the same account shares the lock.
        SectigoCertificateAuthority other =
                new SectigoCertificateAuthority(properties(SectigoStub.PASSWORD, Duration.ofSeconds(5), Map.of()));

        runConcurrently(4, i -> () -> (i % 2 == 0 ? ca : other).collect("order-" + i));

        assertThat(stub.requestsTo(COLLECT)).hasSize(4);
        assertThat(stub.maxInFlight(COLLECT)).isEqualTo(1);
    }

    @Test
    void theStubDoesSeeConcurrencyWhenCallsAreNotSerialised() throws Exception {
        stub.delayMillis = 300;

        runConcurrently(2, i -> () -> ca.submit(dvRequest()));

        assertThat(stub.maxInFlight(APPLY)).isEqualTo(2);
    }

    // ------------------------------------------------------------------ against the stub's order state

    @Test
    void resubmitWithTheSameForeignOrderNumberAnswersTheSameOrder() {
        CaSubmission first = ca.submit(dvRequest());
        CaSubmission again = ca.submit(dvRequest());
        CaSubmission other = ca.submit(new CaOrderRequest(
                "ord-2",
                ValidationType.DV,
                "www.example.nl",
                List.of(),
                CSR,
                365,
                new Requester("Jan Jansen", "jan@example.nl", null),
                null));

        assertThat(again).isEqualTo(first);
        assertThat(other.orderNumber()).isNotEqualTo(first.orderNumber());
    }

    @Test
    void cancellingAnUnissuedOrderRejectsItAndASecondCancelIsDone() {
        String orderNumber = ca.submit(dvRequest()).orderNumber();
        assertThat(ca.collect(orderNumber).state()).isEqualTo(CaState.PENDING);

        ca.cancel(orderNumber, "ordered by mistake");
        ca.cancel(orderNumber, "ordered by mistake");

        CaStatus status = ca.collect(orderNumber);
        assertThat(status.state()).isEqualTo(CaState.REJECTED);
        assertThat(status.detail()).contains("ordered by mistake");
    }

    @Test
    void issuedOrderIsCollectedWithARealCertificateThenRevoked() throws Exception {
        String csr = TestCsrs.ec("www.example.nl");
        String orderNumber = ca.submit(new CaOrderRequest(
                        "ord-3",
                        ValidationType.DV,
                        "www.example.nl",
                        List.of(),
                        csr,
                        90,
                        new Requester("Jan Jansen", "jan@example.nl", null),
                        null))
                .orderNumber();

        stub.issue(orderNumber);
        CaStatus issued = ca.collect(orderNumber);
        ca.cancel(orderNumber, "keyCompromise");
        ca.cancel(orderNumber, "keyCompromise");

        assertThat(issued.state()).isEqualTo(CaState.ISSUED);
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new ByteArrayInputStream(issued.certificate().pem().getBytes(StandardCharsets.UTF_8)));
        assertThat(x509.getSubjectX500Principal().getName()).isEqualTo("CN=www.example.nl");
        assertThat(issued.certificate().notAfter())
                .isEqualTo(issued.certificate().notBefore().plus(Duration.ofDays(90)));
        assertThat(issued.certificate().chainPem()).contains("BEGIN CERTIFICATE");
        assertThat(ca.collect(orderNumber).state()).isEqualTo(CaState.REVOKED);
    }

    // ------------------------------------------------------------------ helpers

    private interface TaskFactory {
        Callable<?> task(int index);
    }

    private static void runConcurrently(int count, TaskFactory factory) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<?> task = factory.task(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs the call, expects an exception, and checks that no message in its cause chain holds the password. */
    private static Throwable thrown(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected an exception").isNotNull();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SectigoStub.PASSWORD);
            assertThat(String.valueOf(t)).doesNotContain(SectigoStub.PASSWORD);
        }
        return thrown;
    }

    private SectigoProperties properties(String password, Duration readTimeout, Map<ValidationType, String> products) {
        return new SectigoProperties(
                stub.baseUrl() + "/",
                SectigoStub.LOGIN,
                password,
                products,
                null,
                false,
                Duration.ofSeconds(1),
                readTimeout);
    }

    @Test
    void submitSendsTheOrdersDcvMethodAddressAndUniqueValue() {
        ca.submit(new CaOrderRequest(
                "ord-email",
                ValidationType.DV,
                "www.example.nl",
                List.of(),
                CSR,
                90,
                new Requester("Jan de Vries", "jan@example.nl", null),
                null,
                DcvMethod.EMAIL,
                "admin@example.nl",
                "u1x2y3z4"));

        Map<String, String> form = stub.requestsTo(APPLY).get(0).form();
        assertThat(form)
                .containsEntry("dcvMethod", "EMAIL")
                .containsEntry("dcvEmailAddress", "admin@example.nl")
                .containsEntry("uniqueValue", "u1x2y3z4");
    }

    @Test
    void aReissueSendsTheOrdersDcvMethodAddressAndUniqueValueNotTheConfiguredMethod() {
        ca.submit(dvRequest());
        stub.order("1234567").state = SectigoStub.State.ISSUED;

        ca.replace(new CaReissueRequest(
                "order-1",
                "1234567",
                ValidationType.DV,
                "www.example.nl",
                List.of(),
                CSR,
                47,
                DcvMethod.EMAIL,
                "admin@example.nl",
                "u1x2y3z4"));
        ca.replace(new CaReissueRequest(
                "order-1",
                "1234567",
                ValidationType.DV,
                "www.example.nl",
                List.of(),
                CSR,
                47,
                DcvMethod.HTTPS_CSR_HASH,
                "ignored@example.nl",
                "u1x2y3z4"));

        List<SectigoStub.Recorded> calls = stub.requestsTo(SectigoStub.REPLACE);
        assertThat(calls.get(0).form())
                .containsEntry("dcvMethod", "EMAIL")
                .containsEntry("dcvEmailAddress", "admin@example.nl")
                .containsEntry("uniqueValue", "u1x2y3z4");
        assertThat(calls.get(1).form())
                .containsEntry("dcvMethod", "HTTPS_CSR_HASH")
                .containsEntry("uniqueValue", "u1x2y3z4")
                .doesNotContainKey("dcvEmailAddress");
    }

    /**
     * An order with two SANs names every domain at AutoApplySSL (docs.sectigo.com/sps/auto-apply-ssl/request:
     * domainNames, primaryDomainName) with one DCV entry per domain (dcvEmailAddresses), in the same order; the stub
     * accepts them only when they pair up and validates each domain by its entry.
     */
    @Test
    void anOrderWithTwoSansSendsEveryDomainWithItsDcvEntry() {
        String orderNumber = ca.submit(new CaOrderRequest(
                        "ord-mdc",
                        ValidationType.DV,
                        "www.example.nl",
                        List.of("shop.example.nl", "Mail.Example.NL"),
                        CSR,
                        90,
                        new Requester("Jan de Vries", "jan@example.nl", null),
                        null,
                        DcvMethod.CNAME_CSR_HASH,
                        null,
                        "u1x2y3z4"))
                .orderNumber();

        assertThat(stub.requestsTo(APPLY).get(0).form())
                .containsEntry("domainNames", "www.example.nl,shop.example.nl,mail.example.nl")
                .containsEntry("primaryDomainName", "www.example.nl")
                .containsEntry("dcvEmailAddresses", "CNAMECSRHASH,CNAMECSRHASH,CNAMECSRHASH")
                .containsEntry("dcvMethod", "CNAME_CSR_HASH")
                .containsEntry("uniqueValue", "u1x2y3z4");
        SectigoStub.StubOrder placed = stub.order(orderNumber);
        assertThat(placed.domainNames).containsExactly("www.example.nl", "shop.example.nl", "mail.example.nl");
        assertThat(placed.dcvMethods)
                .containsEntry("shop.example.nl", "CNAME_CSR_HASH")
                .containsEntry("mail.example.nl", "CNAME_CSR_HASH");
        assertThat(placed.dcvStatuses).containsKeys("www.example.nl", "shop.example.nl", "mail.example.nl");
    }

    @Test
    void anEmailValidatedOrderWithSansSendsTheApproverForEachDomain() {
        String orderNumber = ca.submit(new CaOrderRequest(
                        "ord-mdc-email",
                        ValidationType.DV,
                        "www.example.nl",
                        List.of("www.example.nl", "shop.example.nl"),
                        CSR,
                        90,
                        new Requester("Jan de Vries", "jan@example.nl", null),
                        null,
                        DcvMethod.EMAIL,
                        "admin@example.nl",
                        null))
                .orderNumber();

        assertThat(stub.requestsTo(APPLY).get(0).form())
                .as("the common name among the SANs counts once")
                .containsEntry("domainNames", "www.example.nl,shop.example.nl")
                .containsEntry("dcvEmailAddresses", "admin@example.nl,admin@example.nl");
        assertThat(stub.order(orderNumber).dcvEmailsSent).containsExactly("admin@example.nl", "admin@example.nl");
    }

    @Test
    void aSingleDomainOrderSendsNoDomainNames() {
        ca.submit(dvRequest());
        assertThat(stub.requestsTo(APPLY).get(0).form())
                .doesNotContainKeys("domainNames", "primaryDomainName", "dcvEmailAddresses");
    }

    @Test
    void aReissueOfAnOrderWithSansNamesEveryDomainAgain() {
        ca.submit(dvRequest());
        stub.order("1234567").state = SectigoStub.State.ISSUED;

        ca.replace(new CaReissueRequest(
                "order-1",
                "1234567",
                ValidationType.DV,
                "www.example.nl",
                List.of("shop.example.nl", "*.example.org"),
                CSR,
                47,
                DcvMethod.HTTP_CSR_HASH,
                null,
                null));

        assertThat(stub.requestsTo(SectigoStub.REPLACE).get(0).form())
                .containsEntry("domainNames", "www.example.nl,shop.example.nl,*.example.org")
                .containsEntry("primaryDomainName", "www.example.nl")
                .containsEntry("dcvEmailAddresses", "HTTPCSRHASH,HTTPCSRHASH,HTTPCSRHASH");
    }

    @Test
    void theStubRefusesDcvEntriesThatDoNotPairUpWithTheDomains() {
        stub.apply = form -> {
            Map<String, String> broken = new LinkedHashMap<>(form);
            broken.put("dcvEmailAddresses", "CNAMECSRHASH");
            SectigoStub.Reply problem = SectigoStub.multiDomainProblem(broken);
            return problem != null ? problem : SectigoStub.Reply.ok("errorCode", "0", "orderNumber", "1");
        };
        assertThatThrownBy(() -> ca.submit(new CaOrderRequest(
                        "ord-mdc-broken",
                        ValidationType.DV,
                        "www.example.nl",
                        List.of("shop.example.nl"),
                        CSR,
                        90,
                        new Requester("Jan de Vries", "jan@example.nl", null),
                        null)))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("dcvEmailAddresses");
    }

    @Test
    void collectAsksForTheDcvFieldsAndReadsEachDomainOfAMultiDomainOrder() {
        stub.collect = form -> SectigoStub.Reply.ok(
                "errorCode", "0",
                "certificateStatus", "Awaiting Validation",
                "1_domainName", "www.example.nl",
                "1_dcvStatus", "Validated",
                "2_domainName", "Shop.Example.nl",
                "2_dcvStatus", "Not Validated",
                "3_domainName", "mail.example.nl",
                "3_dcvStatus", "Failed",
                "4_domainName", "api.example.nl",
                "4_dcvStatus", "something new");

        CaStatus status = ca.collect("1234567");

        assertThat(status.state()).isEqualTo(CaState.PENDING);
        assertThat(status.dcv())
                .as("'Not Validated' is not validated; a status certflow cannot read is left out")
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "www.example.nl", DcvStatus.VALIDATED,
                        "shop.example.nl", DcvStatus.PENDING,
                        "mail.example.nl", DcvStatus.FAILED));
        assertThat(stub.requestsTo(COLLECT).get(0).form())
                .containsEntry("showExtStatus", "Y")
                .containsEntry("showFQDN", "Y")
                .containsEntry("showMDCDomainDetails", "Y");
    }

    @Test
    void collectReadsTheSingleDomainsDcvStatusForItsFqdn() {
        stub.collect = form -> SectigoStub.Reply.ok(
                "errorCode",
                "0",
                "certificateStatus",
                "Awaiting Validation",
                "fqdn",
                "www.example.nl",
                "dcvStatus",
                "0");
        assertThat(ca.collect("1234567").dcv()).containsExactlyEntriesOf(Map.of("www.example.nl", DcvStatus.PENDING));

        stub.collect = form -> SectigoStub.Reply.ok(
                "errorCode",
                "0",
                "certificateStatus",
                "Awaiting Validation",
                "fqdn",
                "www.example.nl",
                "dcvStatus",
                "1");
        assertThat(ca.collect("1234567").dcv()).containsExactlyEntriesOf(Map.of("www.example.nl", DcvStatus.VALIDATED));

        stub.collect = form -> SectigoStub.Reply.ok("errorCode", "0", "certificateStatus", "Awaiting Validation");
        assertThat(ca.collect("1234567").dcv())
                .as("Sectigo says nothing per domain")
                .isEmpty();
    }

    @Test
    void approverAddressesAreEveryAddressOfSectigosList() {
        assertThat(ca.approverEmails("www.example.nl"))
                .startsWith("admin@www.example.nl")
                .contains("webmaster@example.nl")
                .hasSize(10)
                .doesNotHaveDuplicates();
        assertThat(stub.requestsTo(SectigoStub.DCV_EMAILS).get(0).form()).containsEntry("domainName", "www.example.nl");
    }

    @Test
    void aRefusedApproverListIsSectigosMessage() {
        stub.dcvEmails = form -> new SectigoStub.Reply(200, "-4\nThe value of the 'domainName' argument is invalid!");
        assertThatThrownBy(() -> ca.approverEmails("www.example.nl"))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("-4")
                .hasMessageContaining("domainName");
    }

    @Test
    void aMethodChangeIsAutoUpdateDcvOnTheOrder() {
        String orderNumber = ca.submit(dvRequest()).orderNumber();

        ca.changeDcvMethod(
                new CaDcvChange(orderNumber, List.of("www.example.nl"), DcvMethod.EMAIL, "admin@example.nl"));

        SectigoStub.Recorded update = stub.requestsTo(SectigoStub.UPDATE_DCV).get(0);
        assertThat(update.method()).isEqualTo("POST");
        assertThat(update.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(update.form())
                .containsEntry("loginName", SectigoStub.LOGIN)
                .containsEntry("orderNumber", orderNumber)
                .containsEntry("newMethod", "EMAIL")
                .containsEntry("newDCVEmailAddress", "admin@example.nl")
                .doesNotContainKeys("domainNames", "newMethods");
        assertThat(stub.order(orderNumber).dcvMethods).containsEntry("", "EMAIL admin@example.nl");
        assertThat(stub.order(orderNumber).dcvEmailsSent).containsExactly("admin@example.nl");

        ca.changeDcvMethod(new CaDcvChange(orderNumber, List.of("www.example.nl"), DcvMethod.HTTP_CSR_HASH, null));
        assertThat(stub.requestsTo(SectigoStub.UPDATE_DCV).get(1).form())
                .containsEntry("newMethod", "HTTP_CSR_HASH")
                .doesNotContainKey("newDCVEmailAddress");
        assertThat(stub.order(orderNumber).dcvMethods).containsEntry("", "HTTP_CSR_HASH");
    }

    @Test
    void aMultiDomainOrderNamesEachDomainWithItsMethodAndAddress() {
        String orderNumber = ca.submit(dvRequest()).orderNumber();

        ca.changeDcvMethod(new CaDcvChange(
                orderNumber, List.of("www.example.nl", "shop.example.nl"), DcvMethod.EMAIL, "admin@example.nl"));

        assertThat(stub.requestsTo(SectigoStub.UPDATE_DCV).get(0).form())
                .containsEntry("domainNames", "www.example.nl shop.example.nl")
                .containsEntry("newMethods", "EMAIL,EMAIL")
                .containsEntry("newDCVEmailAddresses", "admin@example.nl admin@example.nl")
                .doesNotContainKeys("newMethod", "newDCVEmailAddress");
        assertThat(stub.order(orderNumber).dcvMethods)
                .containsEntry("www.example.nl", "EMAIL admin@example.nl")
                .containsEntry("shop.example.nl", "EMAIL admin@example.nl");
    }

    @Test
    void aMethodChangeSectigoRefusesIsARefusalWithItsWordsAndATemporaryErrorIsRetried() {
        String orderNumber = ca.submit(dvRequest()).orderNumber();
        stub.reject(orderNumber, "validation failed");
        assertThatThrownBy(() -> ca.changeDcvMethod(
                        new CaDcvChange(orderNumber, List.of("www.example.nl"), DcvMethod.CNAME_CSR_HASH, null)))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("AutoUpdateDCV")
                .hasMessageContaining("-4")
                .hasMessageContaining("not awaiting Domain Control Validation");

        stub.failNext(SectigoStub.UPDATE_DCV, 1, SectigoStub.Reply.error(-14, "An unknown error occurred!"));
        assertThatThrownBy(() -> ca.changeDcvMethod(
                        new CaDcvChange(orderNumber, List.of("www.example.nl"), DcvMethod.CNAME_CSR_HASH, null)))
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageContaining("Sectigo AutoUpdateDCV failed: -14")
                .hasMessageContaining("Retry in Cockpit")
                .hasMessageNotContaining(SectigoStub.PASSWORD);

        stub.failNext(SectigoStub.UPDATE_DCV, 1, new SectigoStub.Reply(503, "unavailable"));
        assertThatThrownBy(() -> ca.changeDcvMethod(
                        new CaDcvChange(orderNumber, List.of("www.example.nl"), DcvMethod.CNAME_CSR_HASH, null)))
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageContaining("HTTP 503");
    }

    @Test
    void resendingTheApprovalEmailIsResendDcvEmailToTheOrdersAddress() {
        String orderNumber = ca.submit(new CaOrderRequest(
                        "ord-resend",
                        ValidationType.DV,
                        "www.example.nl",
                        List.of(),
                        CSR,
                        90,
                        new Requester("Jan de Vries", "jan@example.nl", null),
                        null,
                        DcvMethod.EMAIL,
                        "admin@example.nl",
                        "u1x2y3z4"))
                .orderNumber();

        ca.resendDcvEmail(orderNumber, "admin@example.nl");

        assertThat(stub.requestsTo(SectigoStub.RESEND_DCV_EMAIL).get(0).form())
                .containsEntry("orderNumber", orderNumber)
                .containsEntry("dcvEmailAddress", "admin@example.nl");
        assertThat(stub.order(orderNumber).dcvEmailsSent).containsExactly("admin@example.nl", "admin@example.nl");
    }

    @Test
    void aResendSectigoRefusesSaysSo() {
        String orderNumber = ca.submit(dvRequest()).orderNumber();
        assertThatThrownBy(() -> ca.resendDcvEmail(orderNumber, null))
                .isInstanceOf(CaRefusedException.class)
                .hasMessageContaining("ResendDCVEmail")
                .hasMessageContaining("No DCV e-mail is awaited");
        assertThat(stub.requestsTo(SectigoStub.RESEND_DCV_EMAIL).get(0).form()).doesNotContainKey("dcvEmailAddress");
    }

    private static CaOrderRequest dvRequest() {
        return request(ValidationType.DV, null);
    }

    private static CaOrderRequest request(ValidationType validation, Company company) {
        return new CaOrderRequest(
                "ord-1",
                validation,
                "www.example.nl",
                List.of("www.example.nl"),
                CSR,
                365,
                new Requester("Jan  van der Berg", "jan@example.nl", "+31 20 123 4567"),
                company);
    }

    private static Company company() {
        return new Company("Voorbeeld B.V.", "12345678", "nl", "Damrak 1", "1012 LG", "Amsterdam");
    }

    private static String selfSigned(String subject, BigInteger serial) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name(subject);
        X509CertificateHolder holder = new JcaX509v3CertificateBuilder(
                        name, serial, Date.from(NOT_BEFORE), Date.from(NOT_AFTER), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(holder);
        }
        return out.toString();
    }
}
