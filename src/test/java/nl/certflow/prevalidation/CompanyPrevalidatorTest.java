package nl.certflow.prevalidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.certflow.DatabaseIndependent;
import nl.certflow.order.Company;
import org.junit.jupiter.api.Test;

@DatabaseIndependent
class CompanyPrevalidatorTest {

    private static final RegisteredCompany KONTEX = new RegisteredCompany(
            "90001354",
            "Grand Kontex B.V.",
            "Grand Kontex B.V.",
            List.of("Grand Kontex B.V.", "Kontex Hosting"),
            null,
            List.of(
                    new RegisteredAddress("bezoekadres", "Hoofdstraat", "1", "6029 ZH", "Sterksel", "Nederland"),
                    new RegisteredAddress("correspondentieadres", "Postbus", "12", "6020AA", "Sterksel", "Nederland")));

    private static final RegisteredCompany ENDED = new RegisteredCompany(
            "90009991", "Test BV Opgeheven", "Test BV Opgeheven", List.of(), LocalDate.of(2020, 1, 1), List.of());

    private final Map<String, RegisteredCompany> register =
            Map.of(KONTEX.kvkNumber(), KONTEX, ENDED.kvkNumber(), ENDED);
    private final CompanyPrevalidator prevalidator =
            new CompanyPrevalidator(kvkNumber -> Optional.ofNullable(register.get(kvkNumber)));

    private static Company company(String name, String kvkNumber) {
        return new Company(name, kvkNumber, "NL", "Hoofdstraat 1", "6029ZH", "Sterksel");
    }

    @Test
    void passesAMatchingRegisteredCompany() {
        PrevalidationResult result = prevalidator.prevalidate(company("Grand Kontex B.V.", "90001354"));

        assertThat(result).isEqualTo(new PrevalidationResult(true, List.of(), List.of()));
    }

    @Test
    void bvWithOrWithoutDotsIsTheSameName() {
        assertThat(prevalidator
                        .prevalidate(company("GRAND KONTEX BV", "90001354"))
                        .passed())
                .isTrue();
        assertThat(prevalidator.prevalidate(company("Grand Kontex", "90001354")).passed())
                .isTrue();
    }

    @Test
    void aTradeNameIsEnough() {
        assertThat(prevalidator
                        .prevalidate(company("Kontex Hosting", "90001354"))
                        .passed())
                .isTrue();
    }

    @Test
    void failsAMissingKvkNumber() {
        PrevalidationResult result = prevalidator.prevalidate(company("Grand Kontex B.V.", " "));

        assertThat(result.passed()).isFalse();
        assertThat(result.reasons()).containsExactly("KvK number is required");
    }

    @Test
    void failsAKvkNumberThatIsNotEightDigits() {
        assertThat(prevalidator
                        .prevalidate(company("Grand Kontex B.V.", "9000135"))
                        .reasons())
                .containsExactly("KvK number must be 8 digits");
        assertThat(prevalidator
                        .prevalidate(company("Grand Kontex B.V.", "9000135X"))
                        .reasons())
                .containsExactly("KvK number must be 8 digits");
    }

    @Test
    void failsAnUnregisteredNumber() {
        PrevalidationResult result = prevalidator.prevalidate(company("Foo BV", "12345678"));

        assertThat(result.passed()).isFalse();
        assertThat(result.reasons()).containsExactly("No company with KvK number 12345678 is registered");
    }

    @Test
    void failsAnEndedRegistration() {
        PrevalidationResult result = prevalidator.prevalidate(company("Test BV Opgeheven", "90009991"));

        assertThat(result.passed()).isFalse();
        assertThat(result.reasons()).containsExactly("The registration of KvK 90009991 ended on 2020-01-01");
    }

    @Test
    void failsANameThatMatchesNoRegisteredName() {
        PrevalidationResult result = prevalidator.prevalidate(company("Foo BV", "90001354"));

        assertThat(result.passed()).isFalse();
        assertThat(result.reasons())
                .containsExactly(
                        "Company name 'Foo BV' does not match the registered names (Grand Kontex B.V., Kontex Hosting)");
    }

    @Test
    void failsACompanyOutsideTheNetherlandsWithoutAskingTheRegister() {
        CompanyPrevalidator withoutRegister = new CompanyPrevalidator(kvkNumber -> {
            throw new AssertionError("must not look up " + kvkNumber);
        });
        Company belgian = new Company("Grand Kontex B.V.", "90001354", "BE", "Rue 1", "1000", "Brussel");

        PrevalidationResult result = withoutRegister.prevalidate(belgian);

        assertThat(result.passed()).isFalse();
        assertThat(result.reasons()).containsExactly("Company country must be NL for prevalidation");
    }

    @Test
    void reportsEveryInputProblemAtOnce() {
        Company company = new Company(" ", "123", null, null, null, null);

        assertThat(prevalidator.prevalidate(company).reasons())
                .containsExactly(
                        "KvK number must be 8 digits",
                        "Company name is required",
                        "Company country must be NL for prevalidation");
    }

    @Test
    void postalCodesCompareWithoutSpaceOrCase() {
        Company company = new Company("Grand Kontex B.V.", "90001354", "nl", "Hoofdstraat 1", "6029 zh", "Sterksel");

        PrevalidationResult result = prevalidator.prevalidate(company);

        assertThat(result.passed()).isTrue();
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void theRegisteredPostalAddressCountsAsWell() {
        Company company = new Company("Grand Kontex B.V.", "90001354", "NL", "Postbus 12", "6020AA", "Sterksel");

        assertThat(prevalidator.prevalidate(company).warnings()).isEmpty();
    }

    @Test
    void anotherPostalCodeIsAWarningNotAFailure() {
        Company company = new Company("Grand Kontex B.V.", "90001354", "NL", "Elders 5", "1234AB", "Amsterdam");

        PrevalidationResult result = prevalidator.prevalidate(company);

        assertThat(result.passed()).isTrue();
        assertThat(result.reasons()).isEmpty();
        assertThat(result.warnings())
                .containsExactly(
                        "Postal code 1234 AB differs from the registered address of KvK 90001354 (6029 ZH, 6020 AA); please check the address");
    }

    @Test
    void anUnavailableRegisterIsATechnicalFailureNotAReason() {
        CompanyPrevalidator withRegisterDown = new CompanyPrevalidator(kvkNumber -> {
            throw new RegistryUnavailableException("KvK Basisprofiel lookup of " + kvkNumber + " failed: HTTP 503");
        });

        assertThatThrownBy(() -> withRegisterDown.prevalidate(company("Grand Kontex B.V.", "90001354")))
                .isInstanceOf(RegistryUnavailableException.class);
    }
}
