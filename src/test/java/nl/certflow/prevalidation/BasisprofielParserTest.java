package nl.certflow.prevalidation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.Test;

@DatabaseIndependent
class BasisprofielParserTest {

    private final BasisprofielParser parser = new BasisprofielParser();

    private LocalDate endedOn(String datumEinde) {
        return parser.parse("""
                { "kvkNummer": "90009991", "materieleRegistratie": { "datumEinde": "%s" } }
                """.formatted(datumEinde)).registrationEnded();
    }

    @Test
    void readsBothDateFormats() {
        assertThat(endedOn("20200131")).isEqualTo(LocalDate.of(2020, 1, 31));
        assertThat(endedOn("2020-01-31")).isEqualTo(LocalDate.of(2020, 1, 31));
    }

    @Test
    void anUnknownDayOrMonthBecomesTheFirst() {
        assertThat(endedOn("20200000")).isEqualTo(LocalDate.of(2020, 1, 1));
    }

    @Test
    void anEmptyEndDateMeansStillRegistered() {
        assertThat(endedOn("")).isNull();
    }

    @Test
    void rejectsAnUnreadableDate() {
        assertThatThrownBy(() -> endedOn("31-01-2020")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void joinsHouseNumberLetterAndAddition() {
        RegisteredCompany company = parser.parse("""
                { "kvkNummer": "68750110", "_embedded": { "hoofdvestiging": { "adressen": [
                  { "type": "bezoekadres", "huisnummer": 3, "huisletter": "A", "huisnummerToevoeging": "bis" } ] } } }
                """);

        assertThat(company.mainBranchAddresses())
                .extracting(RegisteredAddress::houseNumber)
                .containsExactly("3A bis");
    }

    @Test
    void rejectsADocumentWithoutKvkNumber() {
        assertThatThrownBy(() -> parser.parse("{\"naam\": \"Foo\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kvkNummer is missing");
    }
}
