package nl.certflow.prevalidation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.Test;

@DatabaseIndependent
class CompanyNamesTest {

    @Test
    void ignoresCaseWhitespaceAndPunctuation() {
        assertThat(CompanyNames.normalise("  Test   BV-Donald ")).isEqualTo(CompanyNames.normalise("test bv donald"));
        assertThat(CompanyNames.normalise("Dagobert's Goud & Zilver")).isEqualTo("dagobertsgoudzilver");
    }

    @Test
    void ignoresDiacritics() {
        assertThat(CompanyNames.normalise("Coöperatie Café Één")).isEqualTo("cooperatiecafeeen");
    }

    @Test
    void dropsLegalFormsAtEitherEnd() {
        assertThat(CompanyNames.normalise("Grand Kontex B.V.")).isEqualTo("grandkontex");
        assertThat(CompanyNames.normalise("Grand Kontex BV")).isEqualTo("grandkontex");
        assertThat(CompanyNames.normalise("BV Grand Kontex")).isEqualTo("grandkontex");
        assertThat(CompanyNames.normalise("Katrien N.V.")).isEqualTo("katrien");
        assertThat(CompanyNames.normalise("Guus v.o.f.")).isEqualTo("guus");
        assertThat(CompanyNames.normalise("Guus VOF")).isEqualTo("guus");
    }

    @Test
    void keepsALegalFormInsideTheName() {
        assertThat(CompanyNames.normalise("Test BV Donald")).isEqualTo("testbvdonald");
    }

    @Test
    void keepsStichting() {
        assertThat(CompanyNames.normalise("Stichting Bolderbast")).isEqualTo("stichtingbolderbast");
        assertThat(CompanyNames.matchesAny("Bolderbast", List.of("Stichting Bolderbast")))
                .isFalse();
    }

    @Test
    void matchesAnyOfTheRegisteredNames() {
        List<String> registered = List.of("Grand Kontex B.V.", "Kontex Hosting");

        assertThat(CompanyNames.matchesAny("grand kontex bv", registered)).isTrue();
        assertThat(CompanyNames.matchesAny("Kontex-Hosting", registered)).isTrue();
        assertThat(CompanyNames.matchesAny("Kontex", registered)).isFalse();
    }

    @Test
    void aNameOfOnlyALegalFormMatchesNothing() {
        assertThat(CompanyNames.matchesAny("B.V.", List.of("BV"))).isFalse();
        assertThat(CompanyNames.matchesAny(null, List.of("Test BV Donald"))).isFalse();
    }
}
