package nl.certflow.order;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import nl.certflow.order.OrderRequests.CompanyBody;
import nl.certflow.order.OrderRequests.CreateOrder;
import nl.certflow.order.OrderRequests.PatchOrder;
import nl.certflow.order.OrderRequests.ReissueOrder;
import nl.certflow.order.OrderRequests.RequesterBody;
import org.springframework.stereotype.Component;

/**
 * Turns a request body into {@link OrderDetails}, or explains every invalid field at once. The CSR is parsed and
 * checked as a CA would (see {@link CsrInspector}); its CN must be the order's common name.
 */
@Component
public class OrderRequestValidator {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}$");
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9 ().-]{6,30}$");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final int MAX_SANS = 100;

    private final CsrInspector csrInspector;
    private final ValidityLimits validityLimits;
    private final TermRules termRules;
    private final Clock clock;

    public OrderRequestValidator(
            CsrInspector csrInspector, ValidityLimits validityLimits, TermRules termRules, Clock clock) {
        this.csrInspector = csrInspector;
        this.validityLimits = validityLimits;
        this.termRules = termRules;
        this.clock = clock;
    }

    public OrderDetails validateCreate(CreateOrder body) {
        Errors errors = new Errors();
        if (body == null) {
            throw new InvalidOrderException(List.of(new FieldError("body", "A JSON order is required")));
        }
        ValidationType validation = validation(body.validation(), errors);
        Integer validityDays = body.validityDays();
        // The cap for a certificate issued today; the CA issues within days, long before the next SC-081 step.
        int maxValidityDays = validityLimits.maxDaysAt(clock.instant());
        Integer termMonths = body.termMonths();
        if (termMonths != null && (termMonths < 1 || termMonths > termRules.maxTermMonths())) {
            errors.add("termMonths", "must be between 1 and " + termRules.maxTermMonths());
        }
        if (validityDays == null) {
            if (termMonths == null) {
                errors.add("validityDays", "is required (or termMonths, for a term of certificates)");
            }
        } else if (validityDays < 1 || validityDays > maxValidityDays) {
            errors.add("validityDays", "must be between 1 and " + maxValidityDays);
        }
        String commonName =
                body.commonName() == null ? null : body.commonName().strip().toLowerCase(Locale.ROOT);
        return details(
                validation,
                commonName,
                body.subjectAlternativeNames(),
                body.csr(),
                validityDays == null ? 0 : validityDays,
                body.requester(),
                body.company(),
                termMonths,
                errors);
    }

    /** Applies a PATCH to the current order data: fields left out keep their value. */
    public OrderDetails validatePatch(Order current, PatchOrder body) {
        if (body == null) {
            throw new InvalidOrderException(List.of(new FieldError("body", "A JSON object is required")));
        }
        Company company = current.company();
        CompanyBody companyBody = body.company() != null
                ? body.company()
                : company == null
                        ? null
                        : new CompanyBody(
                                company.name(),
                                company.kvkNumber(),
                                company.country(),
                                company.street(),
                                company.postalCode(),
                                company.city());
        Requester requester = current.requester();
        RequesterBody requesterBody = body.requester() != null
                ? body.requester()
                : new RequesterBody(requester.name(), requester.email(), requester.phone());
        List<String> sans = body.subjectAlternativeNames() != null
                ? body.subjectAlternativeNames()
                : current.subjectAlternativeNames();
        String csr = body.csr() != null ? body.csr() : current.csrPem();
        return details(
                current.validation(),
                current.commonName(),
                sans,
                csr,
                current.validityDays(),
                requesterBody,
                companyBody,
                current.term() == null ? null : current.term().months(),
                new Errors());
    }

    private OrderDetails details(
            ValidationType validation,
            String commonName,
            List<String> requestedSans,
            String csrPem,
            int validityDays,
            RequesterBody requesterBody,
            CompanyBody companyBody,
            Integer termMonths,
            Errors errors) {
        CsrDetails csr = csr(csrPem, errors);
        if (commonName == null || commonName.isEmpty()) {
            commonName = csr == null || csr.commonName() == null
                    ? null
                    : csr.commonName().toLowerCase(Locale.ROOT);
            if (commonName == null && csr != null) {
                errors.add("commonName", "is required (the CSR has no CN either)");
            }
        }
        if (commonName != null) {
            checkDnsName("commonName", commonName, validation, errors);
            if (csr != null && csr.commonName() != null && !csr.commonName().equalsIgnoreCase(commonName)) {
                errors.add(
                        "csr",
                        "The CSR's common name '" + csr.commonName() + "' differs from commonName '" + commonName
                                + "'");
            }
        }
        List<String> sans = sans(commonName, requestedSans, csr, validation, errors);
        Requester requester = requester(requesterBody, errors);
        Company company = company(companyBody, validation, errors);
        errors.throwIfAny();
        return new OrderDetails(
                validation, commonName, sans, csrPem.strip(), validityDays, requester, company, termMonths);
    }

    /** A reissue as asked: the CSR to certify (null: the current one) and whether the key was compromised. */
    /**
     * The successor of a renewal, prefilled from {@code current}: its names, requester, company, validation type and
     * CSR (the current certificate's), its term's length; the validity as before, at most what the CA/B Forum allows
     * for today.
     */
    public OrderDetails renewalOf(Order current) {
        int maxValidityDays = validityLimits.maxDaysAt(clock.instant());
        return new OrderDetails(
                current.validation(),
                current.commonName(),
                current.subjectAlternativeNames(),
                current.csrPem(),
                Math.min(current.validityDays(), maxValidityDays),
                current.requester(),
                current.company(),
                current.term() == null ? null : current.term().months());
    }

    public record ReissueDetails(String csrPem, String reason, boolean keyCompromised) {}

    /**
     * A reissue certifies the order's names again: a new CSR must be valid, name the order's common name (if it
     * names one) and no name outside the order. After a key compromise a new CSR with a new key is required.
     */
    public ReissueDetails validateReissue(Order order, ReissueOrder body) {
        Errors errors = new Errors();
        String reason = body == null ? null : body.reason();
        String cleanReason = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
        if (cleanReason.length() > 1000 || cleanReason.chars().anyMatch(Character::isISOControl)) {
            errors.add("reason", "must be at most 1000 characters without control characters");
        }
        boolean keyCompromised = body != null && Boolean.TRUE.equals(body.keyCompromised())
                || cleanReason
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[\\s_\\-]", "")
                        .startsWith("keycompromise");
        String csrPem = body == null || body.csr() == null || body.csr().isBlank() ? null : body.csr();
        if (csrPem == null) {
            if (keyCompromised) {
                errors.add("csr", "is required after a key compromise: a CSR with a new key");
            }
        } else {
            CsrDetails csr = csr(csrPem, errors);
            if (csr != null) {
                if (csr.commonName() != null && !csr.commonName().equalsIgnoreCase(order.commonName())) {
                    errors.add(
                            "csr",
                            "The CSR's common name '" + csr.commonName() + "' differs from the order's '"
                                    + order.commonName() + "'");
                }
                Set<String> orderNames = new LinkedHashSet<>(order.subjectAlternativeNames());
                orderNames.add(order.commonName());
                csr.dnsNames().stream()
                        .map(name -> name.toLowerCase(Locale.ROOT))
                        .filter(name -> !orderNames.contains(name))
                        .findFirst()
                        .ifPresent(name -> errors.add(
                                "csr", "The CSR names '" + shorten(name) + "', which the order does not have"));
                if (keyCompromised && csrInspector.samePublicKey(csrPem, order.csrPem())) {
                    errors.add("csr", "has the same key as the compromised certificate: make a new key");
                }
            }
        }
        errors.throwIfAny();
        return new ReissueDetails(csrPem == null ? null : csrPem.strip(), cleanReason, keyCompromised);
    }

    private static ValidationType validation(String value, Errors errors) {
        if (value == null) {
            errors.add("validation", "is required (DV, OV or EV)");
            return null;
        }
        try {
            return ValidationType.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add("validation", "must be DV, OV or EV");
            return null;
        }
    }

    private CsrDetails csr(String pem, Errors errors) {
        if (pem == null || pem.isBlank()) {
            errors.add("csr", "is required (a PEM-encoded PKCS#10 request)");
            return null;
        }
        try {
            return csrInspector.inspect(pem);
        } catch (InvalidCsrException e) {
            errors.add("csr", e.getMessage());
            return null;
        }
    }

    private static List<String> sans(
            String commonName, List<String> requested, CsrDetails csr, ValidationType validation, Errors errors) {
        Set<String> names = new LinkedHashSet<>();
        if (csr != null) {
            csr.dnsNames().forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
        }
        if (requested != null) {
            for (int i = 0; i < requested.size(); i++) {
                String name = requested.get(i);
                if (name == null
                        || !checkDnsName("subjectAlternativeNames[" + i + "]", name.strip(), validation, errors)) {
                    if (name == null) {
                        errors.add("subjectAlternativeNames[" + i + "]", "must not be null");
                    }
                    continue;
                }
                names.add(name.strip().toLowerCase(Locale.ROOT));
            }
        }
        if (commonName != null) {
            names.remove(commonName);
        }
        if (names.size() > MAX_SANS) {
            errors.add("subjectAlternativeNames", "at most " + MAX_SANS + " names");
        }
        return List.copyOf(names);
    }

    private static boolean checkDnsName(String field, String name, ValidationType validation, Errors errors) {
        if (!DnsNames.isValid(name)) {
            errors.add(field, "'" + shorten(name) + "' is not a valid DNS name");
            return false;
        }
        if (DnsNames.isWildcard(name) && validation == ValidationType.EV) {
            errors.add(field, "EV certificates cannot contain wildcard names");
            return false;
        }
        return true;
    }

    private static Requester requester(RequesterBody body, Errors errors) {
        if (body == null) {
            errors.add("requester", "is required (name, email, phone)");
            return null;
        }
        String name = required("requester.name", body.name(), 200, errors);
        String email = required("requester.email", body.email(), 254, errors);
        if (email != null && !EMAIL.matcher(email).matches()) {
            errors.add("requester.email", "is not a valid e-mail address");
        }
        String phone = optional("requester.phone", body.phone(), 40, errors);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            errors.add("requester.phone", "must be a phone number such as +31 20 123 4567");
        }
        return new Requester(name, email, phone);
    }

    private static Company company(CompanyBody body, ValidationType validation, Errors errors) {
        if (body == null) {
            if (validation != null && validation.validatesOrganisation()) {
                errors.add("company", "is required for " + validation + " certificates");
            }
            return null;
        }
        String name = required("company.name", body.name(), 200, errors);
        String country = required("company.country", body.country(), 2, errors);
        if (country != null && !COUNTRIES.contains(country.toUpperCase(Locale.ROOT))) {
            errors.add("company.country", "must be an ISO-3166 alpha-2 country code such as NL");
        }
        String kvk = optional("company.kvkNumber", body.kvkNumber(), 20, errors);
        String street = optional("company.street", body.street(), 200, errors);
        String postalCode = optional("company.postalCode", body.postalCode(), 20, errors);
        String city = optional("company.city", body.city(), 100, errors);
        return new Company(
                name, kvk, country == null ? null : country.toUpperCase(Locale.ROOT), street, postalCode, city);
    }

    private static String required(String field, String value, int max, Errors errors) {
        if (value == null || value.isBlank()) {
            errors.add(field, "is required");
            return null;
        }
        return optional(field, value, max, errors);
    }

    private static String optional(String field, String value, int max, Errors errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            errors.add(field, "must be at most " + max + " characters");
            return null;
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            errors.add(field, "must not contain control characters");
            return null;
        }
        return stripped;
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static final class Errors {
        private final List<FieldError> list = new ArrayList<>();

        void add(String field, String message) {
            list.add(new FieldError(field, message));
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                throw new InvalidOrderException(list);
            }
        }
    }
}
