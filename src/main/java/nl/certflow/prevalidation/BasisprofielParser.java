package nl.certflow.prevalidation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Reads KvK Basisprofiel JSON into {@link RegisteredCompany}. Both the real KvK client and the offline
 * registry use it, so they cannot drift apart in how they interpret the register.
 */
public class BasisprofielParser {

    private final ObjectMapper mapper =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** @throws IllegalArgumentException when the text is not a readable Basisprofiel */
    public RegisteredCompany parse(String json) {
        try {
            return toRegisteredCompany(mapper.readValue(json, Basisprofiel.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a KvK Basisprofiel: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads a JSON array of Basisprofielen. @throws IllegalArgumentException when unreadable */
    public List<RegisteredCompany> parseAll(InputStream json) {
        try {
            List<Basisprofiel> profiles = mapper.readValue(json, new TypeReference<>() {});
            return profiles.stream().map(this::toRegisteredCompany).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a list of KvK Basisprofielen: " + e.getMessage(), e);
        }
    }

    private RegisteredCompany toRegisteredCompany(Basisprofiel profile) {
        if (profile == null || isBlank(profile.kvkNummer())) {
            throw new IllegalArgumentException("Not a KvK Basisprofiel: kvkNummer is missing");
        }
        return new RegisteredCompany(
                profile.kvkNummer(),
                profile.naam(),
                profile.statutaireNaam(),
                handelsnamen(profile),
                registrationEnded(profile),
                mainBranchAddresses(profile));
    }

    private static List<String> handelsnamen(Basisprofiel profile) {
        return nullToEmpty(profile.handelsnamen()).stream()
                .map(Basisprofiel.Handelsnaam::naam)
                .filter(naam -> !isBlank(naam))
                .toList();
    }

    private static LocalDate registrationEnded(Basisprofiel profile) {
        Basisprofiel.MaterieleRegistratie registratie = profile.materieleRegistratie();
        if (registratie == null || isBlank(registratie.datumEinde())) {
            return null;
        }
        return kvkDate(registratie.datumEinde().strip());
    }

    /**
     * KvK writes dates as yyyyMMdd, other sources as yyyy-MM-dd. The register may hold an unknown day or
     * month as "00"; those become the 1st, which is precise enough to say a registration has ended.
     */
    private static LocalDate kvkDate(String text) {
        try {
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(text);
            }
            if (text.matches("\\d{8}")) {
                int year = Integer.parseInt(text.substring(0, 4));
                int month = Math.max(1, Integer.parseInt(text.substring(4, 6)));
                int day = Math.max(1, Integer.parseInt(text.substring(6, 8)));
                return LocalDate.of(year, month, day);
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Not a KvK date: " + text, e);
        }
        throw new IllegalArgumentException("Not a KvK date: " + text);
    }

    /** The main branch's addresses; without branches KvK puts the addresses under the owner instead. */
    private static List<RegisteredAddress> mainBranchAddresses(Basisprofiel profile) {
        Basisprofiel.Embedded embedded = profile.embedded();
        if (embedded == null) {
            return List.of();
        }
        List<Basisprofiel.Adres> branch = embedded.hoofdvestiging() == null
                ? List.of()
                : nullToEmpty(embedded.hoofdvestiging().adressen());
        List<Basisprofiel.Adres> owner = embedded.eigenaar() == null
                ? List.of()
                : nullToEmpty(embedded.eigenaar().adressen());
        return (branch.isEmpty() ? owner : branch)
                .stream().map(BasisprofielParser::toAddress).toList();
    }

    private static RegisteredAddress toAddress(Basisprofiel.Adres adres) {
        return new RegisteredAddress(
                adres.type(), adres.straatnaam(), houseNumber(adres), adres.postcode(), adres.plaats(), adres.land());
    }

    /** "3A bis" from huisnummer 3, huisletter A, toevoeging bis; a PO box's number otherwise. */
    private static String houseNumber(Basisprofiel.Adres adres) {
        if (isBlank(adres.huisnummer())) {
            return adres.postbusnummer();
        }
        String number = adres.huisnummer() + Objects.toString(adres.huisletter(), "");
        return isBlank(adres.huisnummerToevoeging()) ? number : number + " " + adres.huisnummerToevoeging();
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
