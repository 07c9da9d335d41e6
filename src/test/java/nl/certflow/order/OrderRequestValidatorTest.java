package nl.certflow.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import nl.certflow.DatabaseIndependent;
import nl.certflow.TestCsrs;
import nl.certflow.order.Order.PrevalidationState;
import nl.certflow.order.OrderRequests.CompanyBody;
import nl.certflow.order.OrderRequests.CreateOrder;
import nl.certflow.order.OrderRequests.PatchOrder;
import nl.certflow.order.OrderRequests.RequesterBody;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** What the validator makes of a request body, without HTTP: the order data, or every invalid field at once. */
@DatabaseIndependent
class OrderRequestValidatorTest {

    private static final RequesterBody JAN = new RequesterBody(" Jan de Vries ", "jan@example.nl", "+31 20 123 4567");
    private static final CompanyBody DONALD =
            new CompanyBody("Test BV Donald", "68750110", "nl", "Hizzaarderlaan 3 A", "8823 SJ", "Lollum");

    private final OrderRequestValidator validator = new OrderRequestValidator(
            new CsrInspector(),
            ValidityLimits.sc081(),
            TermRules.defaults(),
            Clock.fixed(Instant.parse("2026-12-02T03:00:00Z"), ZoneOffset.UTC));

    @Test
    void aValidOrderIsNormalised() {
        String csr = TestCsrs.ec("www.example.com", "example.com", "www.example.com");
        OrderDetails details = validator.validateCreate(new CreateOrder(
                " dv ", " WWW.Example.com ", List.of("Mail.example.com ", "example.com"), csr, 90, JAN, DONALD));

        assertThat(details.validation()).isEqualTo(ValidationType.DV);
        assertThat(details.commonName()).isEqualTo("www.example.com");
        assertThat(details.subjectAlternativeNames())
                .as("the CSR's and the requested names, once, without the CN")
                .containsExactly("example.com", "mail.example.com");
        assertThat(details.requester()).isEqualTo(new Requester("Jan de Vries", "jan@example.nl", "+31 20 123 4567"));
        assertThat(details.company().country()).isEqualTo("NL");
        assertThat(details.validityDays()).isEqualTo(90);
    }

    /** Contract, "Term and renewal": {@code termMonths} instead of (or beside) {@code validityDays}. */
    @Test
    void aTermNeedsNoValidityDaysAndIsBetweenOneAndSixtyMonths() {
        String csr = TestCsrs.ec("www.example.com");
        OrderDetails term = validator.validateCreate(
                new CreateOrder("DV", "www.example.com", null, csr, null, JAN, null, null, 12));
        assertThat(term.termMonths()).isEqualTo(12);
        assertThat(term.validityDays()).as("no cap of its own").isZero();
        OrderDetails capped =
                validator.validateCreate(new CreateOrder("DV", "www.example.com", null, csr, 30, JAN, null, null, 24));
        assertThat(capped.validityDays()).isEqualTo(30);
        assertThat(validator
                        .validateCreate(new CreateOrder("DV", "www.example.com", null, csr, 90, JAN, null))
                        .termMonths())
                .as("without a term: one certificate, as before")
                .isNull();

        for (int bad : new int[] {0, -1, 61, Integer.MAX_VALUE}) {
            assertThat(fields(() -> validator.validateCreate(
                            new CreateOrder("DV", "www.example.com", null, csr, null, JAN, null, null, bad))))
                    .as("termMonths " + bad)
                    .containsExactly("termMonths");
        }
        assertThat(fields(() -> validator.validateCreate(
                        new CreateOrder("DV", "www.example.com", null, csr, 201, JAN, null, null, 12))))
                .as("a validityDays beside the term is checked as always")
                .containsExactly("validityDays");
        assertThatThrownBy(() -> validator.validateCreate(
                        new CreateOrder("DV", "www.example.com", null, csr, null, JAN, null, null, null)))
                .isInstanceOfSatisfying(
                        InvalidOrderException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(new FieldError(
                                        "validityDays", "is required (or termMonths, for a term of certificates)")));
    }

    @Test
    void theCommonNameComesFromTheCsrWhenNotGiven() {
        OrderDetails details = validator.validateCreate(
                new CreateOrder("DV", null, null, TestCsrs.ec("Shop.Example.nl"), 30, JAN, null));
        assertThat(details.commonName()).isEqualTo("shop.example.nl");
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        List<String> fields = fields(() -> validator.validateCreate(new CreateOrder(
                "XV",
                "not a host",
                List.of("ok.example.com", "bad_name!"),
                "hello",
                201,
                new RequesterBody("", "jan@", "call me"),
                new CompanyBody("Acme", null, "XX", null, null, "c".repeat(101)))));

        assertThat(fields)
                .containsExactly(
                        "validation",
                        "validityDays",
                        "csr",
                        "commonName",
                        "subjectAlternativeNames[1]",
                        "requester.name",
                        "requester.email",
                        "requester.phone",
                        "company.country",
                        "company.city");
    }

    @Test
    void organisationValidationNeedsACompanyAndEvNoWildcards() {
        assertThat(fields(() -> validator.validateCreate(
                        new CreateOrder("OV", "www.example.com", null, TestCsrs.ec("www.example.com"), 90, JAN, null))))
                .containsExactly("company");
        assertThat(fields(() -> validator.validateCreate(new CreateOrder(
                        "EV",
                        "www.example.com",
                        List.of("*.example.com"),
                        TestCsrs.ec("www.example.com"),
                        90,
                        JAN,
                        DONALD))))
                .containsExactly("subjectAlternativeNames[0]");
        assertThat(validator
                        .validateCreate(new CreateOrder(
                                "OV",
                                "www.example.com",
                                List.of("*.example.com"),
                                TestCsrs.ec("www.example.com"),
                                90,
                                JAN,
                                DONALD))
                        .subjectAlternativeNames())
                .containsExactly("*.example.com");
    }

    @Test
    void theCsrMustNameTheOrdersCommonName() {
        assertThat(fields(() -> validator.validateCreate(new CreateOrder(
                        "DV", "www.example.com", null, TestCsrs.ec("other.example.com"), 90, JAN, null))))
                .containsExactly("csr");
    }

    @Test
    void controlCharactersAndNullsAreRefused() {
        assertThat(fields(() -> validator.validateCreate(new CreateOrder(
                        "DV",
                        "www.example.com",
                        Arrays.asList((String) null),
                        TestCsrs.ec("www.example.com"),
                        90,
                        new RequesterBody("Jan\u0000", "jan@example.nl", null),
                        null))))
                .containsExactly("subjectAlternativeNames[0]", "requester.name");
        assertThat(fields(() -> validator.validateCreate(null))).containsExactly("body");
    }

    @Test
    void aPatchKeepsWhatItLeavesOutAndChecksTheResult() {
        Order current = order(TestCsrs.ec("www.example.com"));

        OrderDetails details =
                validator.validatePatch(current, new PatchOrder(null, List.of("api.example.com"), null, null));
        assertThat(details.subjectAlternativeNames()).containsExactly("api.example.com");
        assertThat(details.requester()).isEqualTo(current.requester());
        assertThat(details.commonName()).isEqualTo("www.example.com");

        assertThat(fields(() -> validator.validatePatch(
                        current,
                        new PatchOrder(
                                TestCsrs.ec("other.example.com"), null, new RequesterBody("Jan", "nope", null), null))))
                .containsExactly("csr", "requester.email");
        assertThat(fields(() -> validator.validatePatch(current, null))).containsExactly("body");
    }

    private static List<String> fields(ThrowingCallable call) {
        return catchThrowableOfType(InvalidOrderException.class, call).errors().stream()
                .map(FieldError::field)
                .toList();
    }

    private static Order order(String csr) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new Order(
                "o-1",
                "alice",
                ValidationType.DV,
                "www.example.com",
                List.of(),
                csr,
                90,
                new Requester("Jan de Vries", "jan@example.nl", null),
                null,
                OrderStatus.OPEN,
                null,
                now,
                null,
                null,
                null,
                null,
                new PrevalidationState(false, null, List.of()),
                List.of(),
                List.of(),
                new OrderDcv(DcvMethod.CNAME_CSR_HASH, null, null, List.of()));
    }
}
