package nl.certflow.prevalidation;

import java.time.LocalDate;
import java.util.List;

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
}
