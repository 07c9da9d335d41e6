package nl.certflow.prevalidation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nl.certflow.order.Company;
import org.springframework.stereotype.Component;

/**
 * Checks an OV/EV order's company against the KvK register before the CA sees it, so the customer can fix
 * mistakes early. Every reason is phrased for the customer. {@link RegistryUnavailableException} is not a
 * reason but a technical failure; it propagates so the process retries.
 */
@Component
public class CompanyPrevalidator {

    private final CompanyRegistry registry;

    public CompanyPrevalidator(CompanyRegistry registry) {
        this.registry = registry;
    }

    public PrevalidationResult prevalidate(Company company) {
        List<String> reasons = inputProblems(company);
        if (!reasons.isEmpty()) {
            // Without a usable number or for a foreign company, asking KvK is pointless.
            return new PrevalidationResult(false, reasons, List.of());
        }
        String kvkNumber = company.kvkNumber().strip();
        Optional<RegisteredCompany> found = registry.findByKvkNumber(kvkNumber);
        if (found.isEmpty()) {
            return new PrevalidationResult(
                    false, List.of("No company with KvK number " + kvkNumber + " is registered"), List.of());
        }
        RegisteredCompany registered = found.get();
        if (registered.registrationEnded() != null) {
            reasons.add("The registration of KvK " + kvkNumber + " ended on " + registered.registrationEnded());
        }
        if (!CompanyNames.matchesAny(company.name(), registered.names())) {
            reasons.add("Company name '" + company.name() + "' does not match the registered names ("
                    + String.join(", ", registered.names()) + ")");
        }
        return new PrevalidationResult(reasons.isEmpty(), reasons, postalCodeWarnings(company, registered));
    }

    private static List<String> inputProblems(Company company) {
        List<String> problems = new ArrayList<>();
        if (company.kvkNumber() == null || company.kvkNumber().isBlank()) {
            problems.add("KvK number is required");
        } else if (!company.kvkNumber().strip().matches("\\d{8}")) {
            problems.add("KvK number must be 8 digits");
        }
        if (company.name() == null || company.name().isBlank()) {
            problems.add("Company name is required");
        }
        if (company.country() == null || !company.country().strip().equalsIgnoreCase("NL")) {
            problems.add("Company country must be NL for prevalidation");
        }
        return problems;
    }

    /**
     * A differing postal code is only a warning: customers often give another of their addresses, and the CA
     * checks the address itself. Either main-branch address (visiting or postal) counts as a match.
     */
    private static List<String> postalCodeWarnings(Company company, RegisteredCompany registered) {
        List<String> registeredCodes = registered.mainBranchAddresses().stream()
                .map(address -> postalCode(address.postalCode()))
                .filter(code -> !code.isEmpty())
                .distinct()
                .toList();
        String given = postalCode(company.postalCode());
        if (given.isEmpty() || registeredCodes.isEmpty() || registeredCodes.contains(given)) {
            return List.of();
        }
        List<String> readableCodes =
                registeredCodes.stream().map(CompanyPrevalidator::readable).toList();
        return List.of("Postal code " + readable(given) + " differs from the registered address of KvK "
                + registered.kvkNumber() + " (" + String.join(", ", readableCodes) + "); please check the address");
    }

    /** "1234 ab" and "1234AB" are the same Dutch postal code. */
    private static String postalCode(String code) {
        return code == null ? "" : code.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    }

    private static String readable(String code) {
        return code.matches("\\d{4}[A-Z]{2}") ? code.substring(0, 4) + " " + code.substring(4) : code;
    }
}
