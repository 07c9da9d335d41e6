package nl.certflow.panel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import nl.certflow.ApiClient;
import nl.certflow.TestCsrs;
import nl.certflow.TestOrders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The control panel page in a real browser (Debian's chromium, headless) against the real app: the simulated CA
 * issues and confirms cancellations, the page follows the order without a reload. Same Spring context as
 * OrderLifecycleTest. Screenshots of the order page go to target/panel-screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ControlPanelPageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "panel-screenshots");
    private static final By CURRENT_STEP = By.cssSelector(".workflow [aria-current='step']");

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    ChromeDriver browser;
    WebDriverWait wait;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOrderIsCreatedFromACsrSubmittedIssuedAndCancelledByClicking() throws IOException {
        open(1400, 1000);
        signIn("alice", "alice-secret");
        browser.findElement(By.id("nav-new")).click();

        String commonName = "www.panel-" + unique() + ".example.com";
        String san = "shop.panel-" + unique() + ".example.com";
        wait.until(ExpectedConditions.elementToBeClickable(By.id("f-csr"))).sendKeys(TestCsrs.ec(commonName, san));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#csr-details .csr-cn"), commonName));
        assertThat(text(By.cssSelector("#csr-details .csr-sans"))).isEqualTo(san);

        browser.findElement(By.id("f-requester-name")).sendKeys("Jan de Vries");
        browser.findElement(By.id("create-order")).click();
        By emailError = By.cssSelector(".field[data-field='requester.email'] .field-error");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(emailError, "is required"));
        assertThat(attribute(By.id("f-requester-email"), "aria-invalid")).isEqualTo("true");
        assertThat(browser.getCurrentUrl()).as("nothing created yet").endsWith("#/new");

        browser.findElement(By.id("f-requester-email")).sendKeys("jan@example.nl");
        browser.findElement(By.id("create-order")).click();
        wait.until(ExpectedConditions.urlMatches("#/orders/[^/]+$"));
        awaitCurrentStep("Open");
        assertThat(text(By.cssSelector("h1.order-title"))).isEqualTo(commonName);
        assertThat(actions()).containsExactly("action-edit", "action-submit", "action-cancel");
        screenshot("1-open");

        browser.executeScript("window.certflowNotReloaded = true");
        browser.findElement(By.id("action-submit")).click();
        wait.until(driver -> !pendingArrows("REQUEST").isEmpty()
                || currentStep().startsWith("Aangevraagd")
                || currentStep().startsWith("Actief") && historyStatuses().contains("REQUESTED"));
        awaitCurrentStep("Actief");
        assertThat(browser.executeScript("return window.certflowNotReloaded"))
                .as("followed without a reload")
                .isEqualTo(true);
        assertThat(historyStatuses()).containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "ACTIVE");
        assertThat(browser.findElements(By.cssSelector(".history-entry time"))).hasSize(4);
        assertThat(text(By.cssSelector(".history h2"))).startsWith("Certificaat historie");
        assertThat(text(By.cssSelector(".ca-order-number"))).isNotBlank().isNotEqualTo("—");
        assertThat(attribute(By.cssSelector(".requested-at time"), "datetime")).isNotBlank();
        assertThat(actions())
                .containsExactly(
                        "action-cancel", "action-reissue", "action-renew", "action-download", "action-download-chain");
        screenshot("2-active");

        // The download hands the browser the order's certificate PEM: what the page gives is what the API holds.
        String id = browser.getCurrentUrl().replaceAll(".*#/orders/", "");
        JsonNode certificate = new ApiClient(port)
                .get("alice", "alice-secret", "/api/orders/" + id)
                .json()
                .get("certificate");
        assertThat(downloadedPem()).isEqualTo(certificate.get("pem").asText());
        assertThat(serialOf(downloadedPem()))
                .isEqualTo(certificate.get("serialNumber").asText());

        browser.findElement(By.id("action-cancel")).click();
        browser.findElement(By.xpath("//form[contains(@class,'confirm-cancel')]//button[@type='button']"))
                .click();
        assertThat(browser.findElements(By.id("confirm-cancel")))
                .as("Back closes the question")
                .isEmpty();
        assertThat(currentStep()).startsWith("Actief");
        assertThat(browser.findElements(By.cssSelector("[data-pending-transition]")))
                .as("nothing was cancelled")
                .isEmpty();

        String reason = "<script>window.certflowInjected = true</script><b>sleutel kwijt</b>";
        browser.findElement(By.id("action-cancel")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("cancel-reason")))
                .sendKeys(reason);
        browser.findElement(By.id("confirm-cancel")).click();
        wait.until(driver -> !pendingArrows("CANCEL").isEmpty() || currentStep().startsWith("Ingetrokken"));
        awaitCurrentStep("Ingetrokken");
        screenshot("3-revoked");

        assertThat(historyStatuses())
                .containsExactly("OPEN", "OPEN/REQUEST", "REQUESTED", "ACTIVE", "ACTIVE/CANCEL", "REVOKED");
        List<WebElement> reasons = browser.findElements(By.cssSelector(".history-entry .history-reason"));
        assertThat(reasons)
                .extracting(WebElement::getText)
                .anySatisfy(text -> assertThat(text).contains(reason));
        assertThat(browser.findElements(By.cssSelector(".history script, .history b")))
                .as("shown as text")
                .isEmpty();
        assertThat(browser.executeScript("return window.certflowInjected === undefined"))
                .isEqualTo(true);
        assertThat(browser.executeScript("return window.certflowNotReloaded")).isEqualTo(true);
        assertThat(actions()).isEmpty();
    }

    @Test
    void failedPrevalidationHighlightsTheRequestArrowUntilTheCompanyIsCorrected() throws IOException {
        ApiClient api = new ApiClient(port);
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.ovDutch("shop-" + unique() + ".example.nl", "Donald Trading", "68750110")
                                .toString())
                .id();
        open(1400, 1000);
        signIn("alice", "alice-secret");
        browser.get(base() + "/panel/#/orders/" + id);
        awaitCurrentStep("Open");

        browser.findElement(By.id("action-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".prevalidation"), "Mislukt"));
        assertThat(pendingArrows("REQUEST")).hasSize(1);
        assertThat(currentStep()).startsWith("Open");
        assertThat(browser.findElements(By.cssSelector(".prevalidation .reasons li")))
                .isNotEmpty();
        assertThat(actions()).containsExactly("action-edit", "action-cancel");
        screenshot("4-prevalidation-failed");

        browser.findElement(By.id("action-edit")).click();
        WebElement companyName = wait.until(ExpectedConditions.elementToBeClickable(By.id("f-company-name")));
        companyName.clear();
        companyName.sendKeys("Test BV Donald");
        browser.findElement(By.id("save-edit")).click();
        awaitCurrentStep("Actief");
        assertThat(text(By.cssSelector(".prevalidation"))).contains("Geslaagd");
        assertThat(historyStatuses()).contains("REQUESTED", "ACTIVE");
    }

    @Test
    void wrongPasswordIsRefused() {
        open(1400, 1000);
        browser.get(base() + "/panel/");
        wait.until(ExpectedConditions.urlContains("/panel/login"));
        login("alice", "Wr0ng-Pa55-browser");
        wait.until(ExpectedConditions.urlContains("/panel/login?error"));
        assertThat(text(By.id("login-message"))).contains("onjuist");
        browser.get(base() + "/panel/");
        wait.until(ExpectedConditions.urlContains("/panel/login"));
        assertThat(browser.findElements(By.id("whoami"))).isEmpty();
    }

    @Test
    void anotherCustomersOrderIsNotShownButAnOperatorSeesIt() {
        ObjectNode order = TestOrders.dv("bob-" + unique() + ".example.com");
        String bobs = new ApiClient(port)
                .post("bob", "bob-secret", "/api/orders", order.toString())
                .id();
        open(1400, 1000);
        signIn("alice", "alice-secret");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table.orders, .empty")));
        assertThat(browser.findElements(By.cssSelector("tr[data-order-id='" + bobs + "']")))
                .isEmpty();
        browser.get(base() + "/panel/#/orders/" + bobs);
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Niet gevonden Not found"));

        assertThat(browser.findElements(By.id("cockpit-link"))).isEmpty();

        browser.manage().deleteAllCookies();
        signIn("ops", "ops-secret");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-order-id='" + bobs + "']")));
        browser.findElement(By.cssSelector("tr[data-order-id='" + bobs + "'] a"))
                .click();
        awaitCurrentStep("Open");
        assertThat(attribute(By.id("cockpit-link"), "href")).endsWith("/panel/orders/" + bobs + "/cockpit");
    }

    @Test
    void theOrderPageFitsAPhoneScreen() throws IOException {
        String id = new ApiClient(port)
                .post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("www.phone-" + unique() + ".example.com").toString())
                .id();
        open(375, 812);
        signIn("alice", "alice-secret");
        browser.get(base() + "/panel/#/orders/" + id);
        awaitCurrentStep("Open");
        assertThat(browser.findElement(By.cssSelector(".history")).isDisplayed())
                .isTrue();
        assertThat(browser.executeScript("return window.innerWidth")).isEqualTo(375L);
        assertThat(browser.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling at 375 px")
                .isEqualTo(true);
        screenshot("5-phone");
    }

    /**
     * Issue 13: an order for a term, made in the new-order form (Looptijd / Term), shows its term and the schedule the
     * API plans (every certificate's validity and reissue date) in both languages of the switch; once issued, the
     * term starts at the first certificate and the schedule starts with it.
     */
    @Test
    void aTermOrderMadeOnThePageShowsItsTermAndSchedule() throws IOException {
        open(1400, 1000);
        signIn("alice", "alice-secret");
        browser.findElement(By.id("nav-new")).click();
        String commonName = "www.looptijd-" + unique() + ".example.com";
        wait.until(ExpectedConditions.elementToBeClickable(By.id("f-csr"))).sendKeys(TestCsrs.ec(commonName));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#csr-details .csr-cn"), commonName));
        browser.findElement(By.id("f-termMonths")).sendKeys("12");
        browser.findElement(By.id("f-requester-name")).sendKeys("Jan de Vries");
        browser.findElement(By.id("f-requester-email")).sendKeys("jan@example.nl");
        browser.findElement(By.id("create-order")).click();
        wait.until(ExpectedConditions.urlMatches("#/orders/[^/]+$"));
        awaitCurrentStep("Open");

        String id = browser.getCurrentUrl().replaceAll(".*#/orders/", "");
        ApiClient api = new ApiClient(port);
        JsonNode open = api.get("alice", "alice-secret", "/api/orders/" + id).json();
        assertThat(open.get("term").get("months").asInt())
                .as("the form sent termMonths")
                .isEqualTo(12);
        assertThat(open.get("validityDays").isNull())
                .as("a term instead of a validity")
                .isTrue();
        assertThat(heading(".term .term-months")).isEqualTo("12 maanden months");
        assertThat(heading(".term .term-starts")).contains("bij het eerste certificaat", "with the first certificate");
        assertThat(browser.findElements(By.cssSelector(".schedule-row")))
                .as("planned as if issued now, as the API plans it")
                .hasSize(open.get("schedule").size())
                .hasSizeGreaterThan(1);

        browser.findElement(By.id("action-submit")).click();
        awaitCurrentStep("Actief");
        JsonNode active = api.get("alice", "alice-secret", "/api/orders/" + id).json();
        wait.until(driver ->
                !driver.findElements(By.cssSelector(".term .term-starts time")).isEmpty()
                        && datetimes(".schedule-row .schedule-until time").size()
                                == active.get("schedule").size());
        assertThat(attribute(By.cssSelector(".term .term-starts time"), "datetime"))
                .isEqualTo(active.get("term").get("startsAt").asText());
        assertThat(attribute(By.cssSelector(".term .term-ends time"), "datetime"))
                .isEqualTo(active.get("term").get("endsAt").asText());
        assertThat(datetimes(".schedule-row .schedule-until time").get(0))
                .as("the schedule starts with the current certificate")
                .isEqualTo(active.get("certificate").get("notAfter").asText());
        List<String> planned = new ArrayList<>();
        active.get("schedule")
                .forEach(entry -> planned.add(entry.get("reissueAt").asText()));
        assertThat(datetimes(".schedule-row .schedule-reissue time"))
                .as("every reissue the API plans; the last certificate has none")
                .containsExactlyElementsOf(planned.subList(0, planned.size() - 1));
        assertThat(texts(".schedule-row").get(planned.size() - 1))
                .contains("geen: verloopt met de looptijd", "none: expires with the term");
        screenshot("8-term");

        language("en");
        assertThat(heading("#term-heading")).isEqualTo("Term");
        assertThat(heading(".schedule caption")).isEqualTo("Schedule: certificates and reissues");
        assertThat(heading(".term .term-months")).isEqualTo("12 months");
        language("nl");
        assertThat(heading("#term-heading")).isEqualTo("Looptijd");
        assertThat(heading(".schedule caption")).isEqualTo("Planning: certificaten en heruitgiftes");
        assertThat(text(By.cssSelector(".term"))).doesNotContain("Reissue planned", "months");
    }

    private List<String> datetimes(String selector) {
        return wait.until(driver -> driver.findElements(By.cssSelector(selector)).stream()
                .map(element -> element.getAttribute("datetime"))
                .toList());
    }

    @Test
    void aReissueHighlightsTheReissueArrowUntilTheReplacementIsIssued() throws Exception {
        ApiClient api = new ApiClient(port);
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("www.heruitgifte-" + unique() + ".example.com")
                                .toString())
                .id();
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/submit", null)
                        .status())
                .isEqualTo(202);
        open(1400, 1000);
        signIn("alice", "alice-secret");
        browser.get(base() + "/panel/#/orders/" + id);
        awaitCurrentStep("Actief");
        String serial = api.get("alice", "alice-secret", "/api/orders/" + id)
                .json()
                .at("/certificate/serialNumber")
                .asText();

        browser.findElement(By.id("action-reissue")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("f-keyCompromised")))
                .click();
        browser.findElement(By.id("f-reason")).sendKeys("sleutel gelekt");
        browser.findElement(By.id("confirm-reissue")).click();
        By csrError = By.cssSelector(".reissue-order .field[data-field='csr'] .field-error");
        wait.until(driver -> !driver.findElement(csrError).getText().isBlank());
        assertThat(pendingArrows("REISSUE"))
                .as("refused: nothing asked of the CA")
                .isEmpty();

        browser.findElement(By.id("f-keyCompromised")).click();
        browser.findElement(By.id("confirm-reissue")).click();
        wait.until(driver ->
                !pendingArrows("REISSUE").isEmpty() || historyStatuses().contains("ACTIVE/REISSUE"));
        wait.until(driver -> historyStatuses().contains("ACTIVE/REISSUE")
                && pendingArrows("REISSUE").isEmpty()
                && !serial.equals(api.get("alice", "alice-secret", "/api/orders/" + id)
                        .json()
                        .at("/certificate/serialNumber")
                        .asText()));
        assertThat(currentStep()).startsWith("Actief");
        assertThat(actions())
                .containsExactly(
                        "action-cancel", "action-reissue", "action-renew", "action-download", "action-download-chain");

        // Every certificate the order had, oldest first, as the API lists them: the replaced one revoked (the
        // customer's reissue revokes it; the box was unticked again, so superseded), the new one current. The download
        // is the new one (its serial read from the X.509 itself).
        String newSerial = api.get("alice", "alice-secret", "/api/orders/" + id)
                .json()
                .at("/certificate/serialNumber")
                .asText();
        wait.until(driver -> certificateRows().equals(List.of(serial + "/REVOKED", newSerial + "/CURRENT")));
        JsonNode order = api.get("alice", "alice-secret", "/api/orders/" + id).json();
        assertThat(order.get("certificates").findValuesAsText("state")).containsExactly("REVOKED", "CURRENT");
        assertThat(order.get("certificates").findValuesAsText("serialNumber")).containsExactly(serial, newSerial);
        assertThat(datetimes(".certificate-row .certificate-not-after time"))
                .containsExactly(
                        order.at("/certificates/0/notAfter").asText(),
                        order.at("/certificates/1/notAfter").asText());
        assertThat(serialOf(downloadedPem())).isEqualTo(newSerial).isNotEqualTo(serial);
        assertThat(downloadedPem()).isEqualTo(order.at("/certificate/pem").asText());

        // With the chain: the certificate first, then the CA's certificate that signed it (as the API has it).
        List<X509Certificate> chain = certificates(downloadedPem("action-download-chain"));
        assertThat(chain).hasSizeGreaterThanOrEqualTo(2);
        assertThat(chain.get(0).getSerialNumber().toString(16).toUpperCase(Locale.ROOT))
                .isEqualTo(newSerial);
        assertThat(chain.get(1).getSubjectX500Principal())
                .isEqualTo(chain.get(0).getIssuerX500Principal());
        assertThat(chain.subList(1, chain.size()))
                .isEqualTo(certificates(order.at("/certificate/chainPem").asText()));
        chain.get(0).verify(chain.get(1).getPublicKey());
        screenshot("7-reissued");

        language("en");
        assertThat(heading("#certificates-heading")).isEqualTo("Certificates");
        assertThat(browser.findElements(By.cssSelector(".certificate-row .certificate-state")).stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactly("Revoked", "Current");
        assertThat(heading("#action-download")).isEqualTo("Download certificate (PEM)");
        assertThat(heading("#action-download-chain")).isEqualTo("Download with chain (PEM)");
        language("nl");
        assertThat(heading("#certificates-heading")).isEqualTo("Certificaten");
        assertThat(browser.findElements(By.cssSelector(".certificate-row .certificate-state")).stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactly("Ingetrokken", "Huidig");
        assertThat(heading("#action-download")).isEqualTo("Certificaat downloaden (PEM)");
        assertThat(heading("#action-download-chain")).isEqualTo("Met keten downloaden (PEM)");

        // "Verlengen / Renew": the page opens the new order, Open and linked to this one; the link leads back, and
        // the renewed order offers no second renewal.
        assertThat(heading("#action-renew")).isEqualTo("Verlengen");
        browser.findElement(By.id("action-renew")).click();
        wait.until(driver -> !driver.getCurrentUrl().endsWith("#/orders/" + id));
        awaitCurrentStep("Open");
        String renewalId = browser.getCurrentUrl().replaceAll(".*#/orders/", "");
        assertThat(api.get("alice", "alice-secret", "/api/orders/" + renewalId)
                        .json()
                        .get("renewalOf")
                        .asText())
                .isEqualTo(id);
        assertThat(text(By.cssSelector(".renewal-of a"))).isEqualTo(id);
        assertThat(actions()).containsExactly("action-edit", "action-submit", "action-cancel");
        screenshot("8-renewal");
        browser.findElement(By.cssSelector(".renewal-of a")).click();
        awaitCurrentStep("Actief");
        wait.until(
                driver -> !driver.findElements(By.cssSelector(".renewed-by a")).isEmpty());
        assertThat(text(By.cssSelector(".renewed-by a"))).isEqualTo(renewalId);
        assertThat(actions())
                .containsExactly("action-cancel", "action-reissue", "action-download", "action-download-chain");
    }

    /**
     * A {@code dcv.} order waits in Aangevraagd for its records (the simulated CA looks them up): the page shows per
     * domain exactly the CNAME the API computed, and "Check now" shows certflow's look-up result (nothing published).
     */
    @Test
    void aDcvOrderShowsWhatToPublishAndCheckNowShowsTheLookUp() throws IOException {
        ApiClient api = new ApiClient(port);
        String path = "/api/orders/"
                + api.post(
                                "alice",
                                "alice-secret",
                                "/api/orders",
                                TestOrders.dv("dcv.paneel-" + unique() + ".example.com")
                                        .toString())
                        .id();
        open(1400, 1000);
        signIn("alice", "alice-secret");
        browser.get(base() + "/panel/#" + path.substring("/api".length()));
        awaitCurrentStep("Open");
        browser.findElement(By.id("action-submit")).click();
        awaitCurrentStep("Aangevraagd");

        JsonNode domains = api.get("alice", "alice-secret", path).json().at("/dcv/domains");
        assertThat(domains.findValuesAsText("type")).isNotEmpty().containsOnly("CNAME");
        assertThat(texts(".dcv-domain .dcv-cname-name")).isEqualTo(domains.findValuesAsText("name"));
        assertThat(texts(".dcv-domain .dcv-cname-value")).isEqualTo(domains.findValuesAsText("value"));

        browser.findElement(By.id("action-dcv-check")).click();
        wait.until(driver -> texts(".dcv-last-check").size() == domains.size());
        JsonNode checked = api.get("alice", "alice-secret", path).json().at("/dcv/domains");
        assertThat(checked.findValuesAsText("found")).containsOnly("false");
        assertThat(texts(".dcv-last-check .dcv-detail")).isEqualTo(checked.findValuesAsText("detail"));
        assertThat(texts(".dcv-last-check strong"))
                .allSatisfy(text -> assertThat(text).startsWith("Niet gevonden").contains("Not found"));
        assertThat(currentStep()).startsWith("Aangevraagd");
        screenshot("8-dcv-checked");

        language("en");
        assertThat(heading("#dcv-heading")).isEqualTo("Domain validation");
        assertThat(heading("#action-dcv-check")).isEqualTo("Check now");
        assertThat(texts(".dcv-last-check strong")).containsOnly("Not found");
        language("nl");
        assertThat(heading("#dcv-heading")).isEqualTo("Domeinvalidatie");
        assertThat(heading("#action-dcv-check")).isEqualTo("Nu controleren");
    }

    /**
     * While Open the customer changes the DCV method on the page: EMAIL with the second of the approver addresses the
     * API lists; the order keeps that choice (GET) and the block shows the address as what to do.
     */
    @Test
    void anOpenOrderChangesItsDcvMethodToAnApproverAddress() throws IOException {
        ApiClient api = new ApiClient(port);
        String path = "/api/orders/"
                + api.post(
                                "alice",
                                "alice-secret",
                                "/api/orders",
                                TestOrders.dv("www.methode-" + unique() + ".example.com")
                                        .toString())
                        .id();
        List<String> addresses = new ArrayList<>();
        api.get("alice", "alice-secret", path + "/dcv/approver-emails")
                .json()
                .at("/addresses")
                .forEach(address -> addresses.add(address.asText()));
        assertThat(addresses).hasSizeGreaterThan(1);
        open(1400, 1000);
        signIn("alice", "alice-secret");
        browser.get(base() + "/panel/#" + path.substring("/api".length()));
        awaitCurrentStep("Open");

        browser.findElement(By.id("action-dcv-change")).click();
        new Select(browser.findElement(By.id("f-dcv-method"))).selectByValue("EMAIL");
        wait.until(driver -> new Select(driver.findElement(By.id("f-dcv-approverEmail")))
                        .getOptions()
                        .size()
                == addresses.size());
        assertThat(new Select(browser.findElement(By.id("f-dcv-approverEmail")))
                        .getOptions().stream().map(WebElement::getText).toList())
                .isEqualTo(addresses);
        new Select(browser.findElement(By.id("f-dcv-approverEmail"))).selectByValue(addresses.get(1));
        assertThat(selectedMethod()).isEqualTo("Goedkeuring per e-mail (Approval by e-mail)");
        language("en");
        assertThat(selectedMethod()).isEqualTo("Approval by e-mail");
        language("nl");
        assertThat(selectedMethod()).isEqualTo("Goedkeuring per e-mail");
        browser.findElement(By.id("save-dcv")).click();
        wait.until(driver -> !texts(".dcv-domain .dcv-address").isEmpty());

        JsonNode dcv = api.get("alice", "alice-secret", path).json().at("/dcv");
        assertThat(dcv.at("/method").asText()).isEqualTo("EMAIL");
        assertThat(dcv.at("/approverEmail").asText()).isEqualTo(addresses.get(1));
        assertThat(texts(".dcv-domain .dcv-address")).contains(addresses.get(1));
        assertThat(texts(".dcv-domain .dcv-address"))
                .isEqualTo(dcv.at("/domains").findValuesAsText("address"));
    }

    /**
     * While Aangevraagd the page changes the method at the CA (POST /dcv): the block shows the new method once the CA
     * took it (the page follows the order), then offers to resend the approval e-mail, whose history line appears.
     */
    @Test
    void anAangevraagdOrderChangesItsMethodAtTheCaAndResendsTheEmail() throws IOException {
        ApiClient api = new ApiClient(port);
        String path = "/api/orders/"
                + api.post(
                                "alice",
                                "alice-secret",
                                "/api/orders",
                                TestOrders.dv("dcv.wissel-" + unique() + ".example.com")
                                        .toString())
                        .id();
        String address = api.get("alice", "alice-secret", path + "/dcv/approver-emails")
                .json()
                .at("/addresses/0")
                .asText();
        open(1400, 1000);
        signIn("alice", "alice-secret");
        browser.get(base() + "/panel/#" + path.substring("/api".length()));
        awaitCurrentStep("Open");
        browser.findElement(By.id("action-submit")).click();
        awaitCurrentStep("Aangevraagd");
        wait.until(driver -> !driver.findElements(By.id("action-dcv-change")).isEmpty());
        assertThat(browser.findElements(By.id("action-dcv-resend")))
                .as("CNAME: no e-mail")
                .isEmpty();

        browser.findElement(By.id("action-dcv-change")).click();
        new Select(browser.findElement(By.id("f-dcv-method"))).selectByValue("EMAIL");
        wait.until(driver -> !new Select(driver.findElement(By.id("f-dcv-approverEmail")))
                .getOptions()
                .isEmpty());
        new Select(browser.findElement(By.id("f-dcv-approverEmail"))).selectByValue(address);
        browser.findElement(By.id("save-dcv")).click();
        wait.until(driver -> texts(".dcv-domain .dcv-address").contains(address));
        assertThat(api.get("alice", "alice-secret", path)
                        .json()
                        .at("/dcv/method")
                        .asText())
                .isEqualTo("EMAIL");
        assertThat(currentStep()).startsWith("Aangevraagd");

        browser.findElement(By.id("action-dcv-resend")).click();
        wait.until(driver -> api.get("alice", "alice-secret", path)
                .json()
                .at("/history")
                .findValuesAsText("reason")
                .contains("DCV: approval e-mail sent again to " + address));
        screenshot("9-dcv-method-changed-at-ca");
    }

    @Test
    void theLanguageSwitchShowsDutchEnglishOrBoth() throws IOException {
        ApiClient api = new ApiClient(port);
        String id = api.post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("www.taal-" + unique() + ".example.com").toString())
                .id();
        assertThat(api.post("alice", "alice-secret", "/api/orders/" + id + "/cancel", "{\"reason\":\"taal\"}")
                        .status())
                .isEqualTo(202);
        open(1400, 1000);
        signIn("alice", "alice-secret");
        browser.get(base() + "/panel/#/orders/" + id);
        awaitCurrentStep("Ingetrokken");
        assertThat(currentStep())
                .as("the default: Dutch with English beside it")
                .contains("Revoked");
        assertThat(pressed()).isEqualTo("both");

        language("en");
        assertThat(currentStep()).startsWith("Revoked").doesNotContain("Ingetrokken", "huidige");
        assertThat(heading(".history h2")).isEqualTo("Certificate history");
        assertThat(heading("#nav-new")).isEqualTo("New order");
        assertThat(text(By.cssSelector(".history-entry .history-status"))).isEqualTo("Open");
        assertThat(attribute(By.tagName("html"), "lang")).isEqualTo("en");
        screenshot("6-revoked-english");

        browser.navigate().refresh();
        awaitCurrentStep("Revoked");
        assertThat(pressed()).as("remembered in this browser").isEqualTo("en");

        language("nl");
        assertThat(currentStep()).startsWith("Ingetrokken").doesNotContain("Revoked");
        assertThat(heading(".history h2")).isEqualTo("Certificaat historie");
        assertThat(heading("#nav-new")).isEqualTo("Nieuwe bestelling");
        assertThat(attribute(By.tagName("html"), "lang")).isEqualTo("nl");
        assertThat(text(By.tagName("main"))).doesNotContain("Revoked", "Certificate history");

        language("both");
        assertThat(currentStep()).startsWith("Ingetrokken").contains("Revoked");
        assertThat(heading(".history h2")).startsWith("Certificaat historie").contains("Certificate history");
    }

    /** Clicks the language switch's button; it says which one is on ({@code aria-pressed}). */
    private void language(String language) {
        browser.findElement(By.cssSelector(".language button[data-lang='" + language + "']"))
                .click();
        assertThat(pressed()).isEqualTo(language);
    }

    private String pressed() {
        return attribute(By.cssSelector(".language button[aria-pressed='true']"), "data-lang");
    }

    private String selectedMethod() {
        return new Select(browser.findElement(By.id("f-dcv-method")))
                .getFirstSelectedOption()
                .getText();
    }

    // Through the wait: a redraw between finding an element and reading it makes it stale, so it is looked up again.
    private List<String> texts(String selector) {
        return wait.until(driver -> driver.findElements(By.cssSelector(selector)).stream()
                .map(WebElement::getText)
                .toList());
    }

    private String heading(String selector) {
        return text(By.cssSelector(selector));
    }

    private String text(By element) {
        return wait.until(driver -> driver.findElement(element).getText());
    }

    private String attribute(By element, String name) {
        return wait.until(driver ->
                        Optional.ofNullable(driver.findElement(element).getAttribute(name)))
                .orElse(null);
    }

    private void open(int width, int height) {
        browser = HeadlessChromium.start(width, height, profile);
        // A window is never narrower than about 500 px; a phone's viewport is emulated instead.
        browser.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
        // The page redraws the order when it changes: an element found just before may be gone, so look again.
        wait = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
    }

    private void signIn(String user, String password) {
        browser.get(base() + "/panel/login");
        login(user, password);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), user));
    }

    private void login(String user, String password) {
        wait.until(ExpectedConditions.elementToBeClickable(By.id("login-submit")));
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
    }

    private void awaitCurrentStep(String dutchLabel) {
        wait.until(driver -> currentStep().startsWith(dutchLabel));
    }

    private String currentStep() {
        return wait.until(driver -> {
            List<WebElement> current = driver.findElements(CURRENT_STEP);
            return current.isEmpty() ? "" : current.get(0).getText();
        });
    }

    private List<WebElement> pendingArrows(String transition) {
        return browser.findElements(By.cssSelector(".workflow [data-pending-transition='" + transition + "']"));
    }

    private List<String> historyStatuses() {
        return wait.until(driver -> driver.findElements(By.cssSelector(".history-entry")).stream()
                .map(entry -> {
                    String transition = entry.getAttribute("data-transition");
                    return entry.getAttribute("data-status") + (transition == null ? "" : "/" + transition);
                })
                .toList());
    }

    /** The certificate list's rows as serial/state. */
    private List<String> certificateRows() {
        return wait.until(driver -> driver.findElements(By.cssSelector(".certificate-row")).stream()
                .map(row -> row.findElement(By.cssSelector(".certificate-serial"))
                                .getText() + "/" + row.getAttribute("data-state"))
                .toList());
    }

    /** What the browser saves from the download link: the PEM in its data: URL. */
    private String downloadedPem() {
        return downloadedPem("action-download");
    }

    private String downloadedPem(String link) {
        String href = browser.findElement(By.id(link)).getAttribute("href");
        String prefix = "data:application/x-pem-file;charset=utf-8,";
        assertThat(href).startsWith(prefix);
        assertThat(browser.findElement(By.id(link)).getAttribute("download")).endsWith(".pem");
        return URLDecoder.decode(href.substring(prefix.length()).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The serial number of a PEM certificate, read by java.security, in the API's notation (upper-case hex). */
    private static String serialOf(String pem) {
        return certificates(pem).get(0).getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
    }

    /** Every certificate of a PEM file, in order, as java.security reads them. */
    private static List<X509Certificate> certificates(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        } catch (CertificateException e) {
            throw new AssertionError("not X.509 certificates: " + pem, e);
        }
    }

    private List<String> actions() {
        return browser.findElements(By.cssSelector(".actions button, .actions a[id]")).stream()
                .map(b -> b.getAttribute("id"))
                .toList();
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(
                browser.getScreenshotAs(OutputType.FILE).toPath(),
                SCREENSHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
