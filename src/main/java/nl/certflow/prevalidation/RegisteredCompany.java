package nl.certflow.prevalidation;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/**
 * A company as KvK's Basisprofiel describes it: {@code naam}, {@code statutaireNaam},
 * {@code handelsnamen[].naam}, {@code materieleRegistratie.datumEinde} (null while registered) and the
 * main branch's addresses.
 */
public record RegisteredCompany(
        String kvkNumber,
        String naam,
        String statutaireNaam,
        List<String> handelsnamen,
        LocalDate registrationEnded,
        List<RegisteredAddress> mainBranchAddresses) {

    /** The names a certificate may carry: statutaireNaam, naam and the handelsnamen, without blanks or repeats. */
    public List<String> names() {
        return Stream.concat(
                        Stream.of(statutaireNaam, naam), handelsnamen == null ? Stream.empty() : handelsnamen.stream())
                .filter(name -> name != null && !name.isBlank())
                .distinct()
                .toList();
    }
}
