package nl.certflow.prevalidation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.Test;

@DatabaseIndependent
class OfflineCompanyRegistryTest {

    private final OfflineCompanyRegistry registry = new OfflineCompanyRegistry(new BasisprofielParser());

    @Test
    void knowsKvksTestEnvironmentCompanies() {
        assertThat(registry.findByKvkNumber("68750110"))
                .get()
                .extracting(RegisteredCompany::naam)
                .isEqualTo("Test BV Donald");
        assertThat(registry.findByKvkNumber("68727720"))
                .get()
                .extracting(RegisteredCompany::naam)
                .isEqualTo("Test NV Katrien");
        assertThat(registry.findByKvkNumber("69599084"))
                .get()
                .extracting(RegisteredCompany::naam)
                .isEqualTo("Test EMZ Dagobert");
        assertThat(registry.findByKvkNumber("69599068"))
                .get()
                .extracting(RegisteredCompany::naam)
                .isEqualTo("Test Stichting Bolderbast");
        assertThat(registry.findByKvkNumber("90001354"))
                .get()
                .extracting(RegisteredCompany::naam)
                .isEqualTo("Grand Kontex B.V.");
    }

    @Test
    void readsTheMainBranchAddressesLikeTheKvkClient() {
        RegisteredCompany donald = registry.findByKvkNumber("68750110").orElseThrow();

        assertThat(donald.registrationEnded()).isNull();
        assertThat(donald.mainBranchAddresses())
                .contains(
                        new RegisteredAddress("bezoekadres", "Hizzaarderlaan", "3 A", "8823SJ", "Lollum", "Nederland"));
    }

    @Test
    void takesTheOwnersAddressesWhenThereIsNoMainBranch() {
        RegisteredCompany stichting = registry.findByKvkNumber("69599068").orElseThrow();

        assertThat(stichting.mainBranchAddresses())
                .extracting(RegisteredAddress::city)
                .containsExactly("Lochem");
    }

    @Test
    void aSoleProprietorshipHasNoStatutoryName() {
        RegisteredCompany eenmanszaak = registry.findByKvkNumber("69599084").orElseThrow();

        assertThat(eenmanszaak.statutaireNaam()).isNull();
        assertThat(eenmanszaak.names()).containsExactly("Test EMZ Dagobert");
    }

    @Test
    void holdsACompanyWhoseRegistrationEnded() {
        RegisteredCompany ended = registry.findByKvkNumber("90009991").orElseThrow();

        assertThat(ended.registrationEnded()).isEqualTo(LocalDate.of(2020, 1, 1));
    }

    @Test
    void anUnknownNumberIsNotRegistered() {
        assertThat(registry.findByKvkNumber("12345678")).isEmpty();
        assertThat(registry.findByKvkNumber(null)).isEmpty();
    }
}
