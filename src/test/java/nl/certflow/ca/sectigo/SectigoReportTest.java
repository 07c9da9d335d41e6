package nl.certflow.ca.sectigo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.certflow.DatabaseIndependent;
import nl.certflow.TestCsrs;
import nl.certflow.ca.CaOrderRequest;
import nl.certflow.ca.CaReportEntry;
import nl.certflow.ca.CaReportPage;
import nl.certflow.ca.CaState;
import nl.certflow.ca.CaUnavailableException;
import nl.certflow.order.Requester;
import nl.certflow.order.ValidationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Sectigo client's WebHostReport against the local stub, as Sectigo documents the call
 * (docs.sectigo.com/sps/web-host-report/request): a form POST with the placing range as UNIX seconds
 * ({@code notBefore}/{@code notAfter}) and a 1-based result window ({@code firstResultNo}/{@code lastResultNo}); the
 * answer carries {@code error_code}, {@code noOfResults} and per row {@code N_orderNumber} and the certificate's
 * {@code N_1_status}, {@code N_1_certificateID}, {@code N_1_notAfter}.
 */
@DatabaseIndependent
class SectigoReportTest {

    private SectigoStub stub;
    private SectigoCertificateAuthority ca;

    @BeforeEach
    void startStub() {
        stub = SectigoStub.started();
        ca = new SectigoCertificateAuthority(new SectigoProperties(
                stub.baseUrl(),
                SectigoStub.LOGIN,
                SectigoStub.PASSWORD,
                Map.of(),
                null,
                false,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5)));
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void pagesThroughTheOrdersWithTheirStatusAndNotAfter() {
        List<String> numbers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            numbers.add(place("ord-" + i));
        }
        stub.issue(numbers.get(0));
        stub.reject(numbers.get(1), "no domain control");
        Instant from = Instant.now().minus(Duration.ofDays(398));
        Instant to = Instant.now().plusSeconds(60);

        CaReportPage firstPage = ca.report(from, to, 1, 2);
        CaReportPage secondPage = ca.report(from, to, 3, 4);

        assertThat(firstPage.total()).isEqualTo(3);
        assertThat(firstPage.entries())
                .extracting(CaReportEntry::orderNumber)
                .containsExactly(numbers.get(0), numbers.get(1));
        assertThat(firstPage.entries().get(0).state()).isEqualTo(CaState.ISSUED);
        assertThat(firstPage.entries().get(0).notAfter()).isAfter(Instant.now());
        assertThat(firstPage.entries().get(1).state()).isEqualTo(CaState.REJECTED);
        assertThat(firstPage.entries().get(1).notAfter()).isNull();
        assertThat(secondPage.entries()).extracting(CaReportEntry::orderNumber).containsExactly(numbers.get(2));
        assertThat(secondPage.entries().get(0).state()).isEqualTo(CaState.PENDING);
        SectigoStub.Recorded call = stub.requestsTo(SectigoStub.REPORT).get(0);
        assertThat(call.form())
                .containsEntry("notBefore", Long.toString(from.getEpochSecond()))
                .containsEntry("notAfter", Long.toString(to.getEpochSecond()))
                .containsEntry("firstResultNo", "1")
                .containsEntry("lastResultNo", "2")
                .containsEntry("loginName", SectigoStub.LOGIN);
    }

    @Test
    void sectigosStatusWordsMapToCertflowsStates() {
        assertThat(SectigoCertificateAuthority.reportState("Valid")).isEqualTo(CaState.ISSUED);
        assertThat(SectigoCertificateAuthority.reportState("Revoked")).isEqualTo(CaState.REVOKED);
        assertThat(SectigoCertificateAuthority.reportState("Rejected: no domain control"))
                .isEqualTo(CaState.REJECTED);
        assertThat(SectigoCertificateAuthority.reportState("Expired")).isEqualTo(CaState.EXPIRED);
        assertThat(SectigoCertificateAuthority.reportState("Awaiting Validation"))
                .isEqualTo(CaState.PENDING);
    }

    @Test
    void aRefusedReportIsUnavailableWithoutTheCredentials() {
        stub.failNext(SectigoStub.REPORT, 1, SectigoStub.Reply.error(-16, "Incorrect login details"));

        Throwable failure = catchThrowable(() -> ca.report(Instant.now().minusSeconds(60), Instant.now(), 1, 100));

        assertThat(failure)
                .isInstanceOf(CaUnavailableException.class)
                .hasMessageContaining("WebHostReport")
                .hasMessageNotContaining(SectigoStub.PASSWORD);
    }

    private String place(String orderId) {
        return ca.submit(new CaOrderRequest(
                        orderId,
                        ValidationType.DV,
                        "www.example.nl",
                        List.of(),
                        TestCsrs.ec("www.example.nl"),
                        90,
                        new Requester("Jan Jansen", "jan@example.nl", null),
                        null))
                .orderNumber();
    }
}
