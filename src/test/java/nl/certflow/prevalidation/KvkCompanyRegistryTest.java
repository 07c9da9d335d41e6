package nl.certflow.prevalidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@DatabaseIndependent
class KvkCompanyRegistryTest {

    private static final String API_KEY = "l7xx-secret-test-key";

    private static final String DONALD = """
            {
              "kvkNummer": "68750110",
              "naam": "Test BV Donald",
              "statutaireNaam": "Test BV Donald",
              "materieleRegistratie": { "datumAanvang": "20170519" },
              "handelsnamen": [ { "naam": "Test BV Donald", "volgorde": 0 } ],
              "sbiActiviteiten": [ { "sbiCode": "01241", "indHoofdactiviteit": "Ja" } ],
              "_embedded": {
                "hoofdvestiging": {
                  "vestigingsnummer": "000037178598",
                  "adressen": [
                    { "type": "correspondentieadres", "straatnaam": "Postbus", "postbusnummer": 200,
                      "postcode": "1000AE", "plaats": "Rommeldam", "land": "Nederland" },
                    { "type": "bezoekadres", "straatnaam": "Hizzaarderlaan", "huisnummer": 3, "huisnummerToevoeging": "A",
                      "postcode": "8823SJ", "plaats": "Lollum", "land": "Nederland" }
                  ]
                }
              }
            }
            """;

    private final Queue<StubAnswer> answers = new ConcurrentLinkedQueue<>();
    private final List<String> receivedApiKeys = new CopyOnWriteArrayList<>();
    private final List<String> receivedPaths = new CopyOnWriteArrayList<>();
    private ExecutorService stubThreads;
    private HttpServer kvk;

    private record StubAnswer(int status, String body, Duration delay) {}

    @BeforeEach
    void startStub() throws IOException {
        stubThreads = Executors.newCachedThreadPool();
        kvk = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kvk.createContext("/test/api/v1/basisprofielen/", this::answer);
        kvk.setExecutor(stubThreads);
        kvk.start();
    }

    @AfterEach
    void stopStub() {
        kvk.stop(0);
        stubThreads.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        receivedApiKeys.add(exchange.getRequestHeaders().getFirst("apikey"));
        receivedPaths.add(exchange.getRequestURI().getPath());
        StubAnswer answer = answers.poll();
        try {
            Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void kvkAnswers(int status, String body) {
        answers.add(new StubAnswer(status, body, Duration.ZERO));
    }

    private KvkCompanyRegistry registry(Duration timeout) {
        String baseUrl = "http://127.0.0.1:" + kvk.getAddress().getPort() + "/test/api/";
        return new KvkCompanyRegistry(new KvkProperties(baseUrl, API_KEY, timeout), new BasisprofielParser());
    }

    private KvkCompanyRegistry registry() {
        return registry(Duration.ofSeconds(2));
    }

    @Test
    void readsTheBasisprofielOfARegisteredCompany() {
        kvkAnswers(200, DONALD);

        RegisteredCompany donald = registry().findByKvkNumber("68750110").orElseThrow();

        assertThat(donald.kvkNumber()).isEqualTo("68750110");
        assertThat(donald.naam()).isEqualTo("Test BV Donald");
        assertThat(donald.statutaireNaam()).isEqualTo("Test BV Donald");
        assertThat(donald.handelsnamen()).containsExactly("Test BV Donald");
        assertThat(donald.registrationEnded()).isNull();
        assertThat(donald.mainBranchAddresses())
                .containsExactly(
                        new RegisteredAddress(
                                "correspondentieadres", "Postbus", "200", "1000AE", "Rommeldam", "Nederland"),
                        new RegisteredAddress("bezoekadres", "Hizzaarderlaan", "3 A", "8823SJ", "Lollum", "Nederland"));
        assertThat(receivedPaths).containsExactly("/test/api/v1/basisprofielen/68750110");
    }

    @Test
    void sendsTheApiKeyInTheApikeyHeader() {
        kvkAnswers(200, DONALD);

        registry().findByKvkNumber("68750110");

        assertThat(receivedApiKeys).containsExactly(API_KEY);
    }

    @Test
    void readsTradeNamesAndAStatutoryNameThatDiffersFromThem() {
        kvkAnswers(200, """
                { "kvkNummer": "90001354", "statutaireNaam": "Grand Kontex B.V.",
                  "handelsnamen": [ { "naam": "Kontex Hosting" }, { "naam": "Kontex Mail" } ] }
                """);

        RegisteredCompany kontex = registry().findByKvkNumber("90001354").orElseThrow();

        assertThat(kontex.naam()).isNull();
        assertThat(kontex.handelsnamen()).containsExactly("Kontex Hosting", "Kontex Mail");
        assertThat(kontex.names()).containsExactly("Grand Kontex B.V.", "Kontex Hosting", "Kontex Mail");
        assertThat(kontex.mainBranchAddresses()).isEmpty();
    }

    @Test
    void readsAnEndedRegistrationInKvksDateFormat() {
        kvkAnswers(200, """
                { "kvkNummer": "90009991", "naam": "Test BV Opgeheven",
                  "materieleRegistratie": { "datumAanvang": "20150101", "datumEinde": "20200101" } }
                """);

        RegisteredCompany ended = registry().findByKvkNumber("90009991").orElseThrow();

        assertThat(ended.registrationEnded()).isEqualTo(LocalDate.of(2020, 1, 1));
    }

    @Test
    void aNotFoundAnswerMeansNotRegistered() {
        kvkAnswers(404, """
                {"fout":[{"code":"IPD0005","omschrijving":"Het product Basisprofiel kan niet geleverd worden"}]}
                """);

        assertThat(registry().findByKvkNumber("12345678")).isEmpty();
    }

    @Test
    void kvkRejectingTheNumberMeansNotRegistered() {
        kvkAnswers(400, """
                {"fout":[{"code":"IPD0004","omschrijving":"Het kvkNummer 12345678 is niet valide"}]}
                """);

        assertThat(registry().findByKvkNumber("12345678")).isEmpty();
    }

    @Test
    void aMalformedNumberIsNotRegisteredWithoutAskingKvk() {
        assertThat(registry().findByKvkNumber("../../x")).isEmpty();
        assertThat(registry().findByKvkNumber("1234567")).isEmpty();

        assertThat(receivedPaths).isEmpty();
    }

    @Test
    void aRegistrationKvkIsStillProcessingIsUnavailableNotUnknown() {
        kvkAnswers(404, """
                {"fout":[{"code":"IPD1003","omschrijving":"Gegevens tijdelijk niet beschikbaar"}]}
                """);

        assertThatThrownBy(() -> registry().findByKvkNumber("68750110"))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("HTTP 404 (IPD1003 Gegevens tijdelijk niet beschikbaar)");
    }

    @Test
    void aServerErrorIsUnavailableAndTheNextCallRecovers() {
        kvkAnswers(500, """
                {"fout":[{"code":"IPD9999","omschrijving":"Er is een technische fout opgetreden"}]}
                """);
        kvkAnswers(200, DONALD);
        KvkCompanyRegistry registry = registry();

        assertThatThrownBy(() -> registry.findByKvkNumber("68750110"))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessage(
                        "KvK Basisprofiel lookup of 68750110 failed: HTTP 500 (IPD9999 Er is een technische fout opgetreden)")
                .message()
                .doesNotContain(API_KEY);
        assertThat(registry.findByKvkNumber("68750110")).isPresent();
    }

    @Test
    void aGatewayErrorPageIsReportedShortly() {
        kvkAnswers(502, "<html><body>Bad   Gateway</body></html>" + "x".repeat(500));

        assertThatThrownBy(() -> registry().findByKvkNumber("68750110"))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageStartingWith("KvK Basisprofiel lookup of 68750110 failed: HTTP 502 (<html><body>Bad Gateway")
                .hasMessageEndingWith("...)");
    }

    @Test
    void rateLimitingIsUnavailable() {
        kvkAnswers(429, "");

        assertThatThrownBy(() -> registry().findByKvkNumber("68750110"))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessage("KvK Basisprofiel lookup of 68750110 failed: HTTP 429");
    }

    @Test
    void aRejectedApiKeyIsUnavailableWithoutRevealingTheKey() {
        kvkAnswers(401, "{\"fout\":[{\"code\":\"IPD0401\",\"omschrijving\":\"apikey " + API_KEY + " is ongeldig\"}]}");

        assertThatThrownBy(() -> registry().findByKvkNumber("68750110"))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("HTTP 401")
                .message()
                .doesNotContain(API_KEY);
    }

    @Test
    void aSlowAnswerTimesOut() {
        answers.add(new StubAnswer(200, DONALD, Duration.ofSeconds(5)));

        assertThatThrownBy(() -> registry(Duration.ofMillis(300)).findByKvkNumber("68750110"))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessage("KvK Basisprofiel lookup of 68750110 failed: no answer within 300 ms");
    }

    @Test
    void anUnreadableAnswerIsUnavailable() {
        kvkAnswers(200, "<html>maintenance</html>");

        assertThatThrownBy(() -> registry().findByKvkNumber("68750110"))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageStartingWith(
                        "KvK Basisprofiel lookup of 68750110 failed: HTTP 200 with an unreadable answer");
    }

    @Test
    void anUnreachableRegisterIsUnavailable() {
        KvkCompanyRegistry registry = registry();
        kvk.stop(0);

        assertThatThrownBy(() -> registry.findByKvkNumber("68750110"))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageStartingWith("KvK Basisprofiel lookup of 68750110 failed: network error");
    }
}
