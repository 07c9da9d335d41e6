package nl.certflow.prevalidation;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The part of KvK's Basisprofiel JSON that prevalidation reads; every other field is ignored.
 * {@code huisnummer} and {@code postbusnummer} are numbers in KvK's JSON and are read as text.
 */
record Basisprofiel(
        String kvkNummer,
        String naam,
        String statutaireNaam,
        List<Handelsnaam> handelsnamen,
        MaterieleRegistratie materieleRegistratie,
        @JsonProperty("_embedded") Embedded embedded) {

    record Handelsnaam(String naam) {}

    record MaterieleRegistratie(String datumAanvang, String datumEinde) {}

    record Embedded(Vestiging hoofdvestiging, Eigenaar eigenaar) {}

    record Vestiging(List<Adres> adressen) {}

    /** KvK shows the owner's addresses here when the company has no branches (e.g. many stichtingen). */
    record Eigenaar(List<Adres> adressen) {}

    record Adres(
            String type,
            String straatnaam,
            String huisnummer,
            String huisletter,
            String huisnummerToevoeging,
            String postbusnummer,
            String postcode,
            String plaats,
            String land) {}
}
