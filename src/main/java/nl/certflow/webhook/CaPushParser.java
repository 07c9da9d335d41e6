package nl.certflow.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import nl.certflow.order.FieldError;
import nl.certflow.order.InvalidOrderException;
import org.springframework.util.MultiValueMap;

/** Reads and checks the push's form fields (README, "API summary"); anything malformed is a 400 that stores nothing. */
final class CaPushParser {

    private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    private static final Set<Integer> KNOWN_STATUS_CODES = Set.of(3, 5, 6, 7, 8, 9, 12, 14);
    /** What of {@code statusDesc} reaches the customer's history; longer is cut, not refused (the push still counts). */
    static final int MAX_STATUS_DESC = 200;
    // Line breaks, escape sequences, bidi overrides, stray surrogates and runs of spaces: one space each.
    private static final Pattern NOT_ONE_LINE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Z}]+");
    private static final int MAX_PEM = 16_000;

    private CaPushParser() {}

    static CaPush parse(MultiValueMap<String, String> form) {
        List<FieldError> errors = new ArrayList<>();
        String orderNumber = identifier(form, "orderNumber", true, errors);
        String certificateId = identifier(form, "certificateID", false, errors);
        String eventType = text(form, "eventType", 64, errors);
        String status = text(form, "status", 200, errors);
        String statusDesc = oneLine(single(form, "statusDesc", errors));
        Integer statusCode = number(form, "statusCode", true, errors);
        if (statusCode != null && !KNOWN_STATUS_CODES.contains(statusCode)) {
            errors.add(new FieldError(
                    "statusCode",
                    "unknown status code " + statusCode + " (expected one of " + KNOWN_STATUS_CODES + ")"));
        }
        Integer revocationReasonCode = number(form, "revocationReasonCode", false, errors);
        text(form, "certificate", MAX_PEM, errors);
        text(form, "caCertificate", MAX_PEM, errors);
        if (!errors.isEmpty()) {
            throw new InvalidOrderException(errors);
        }
        return new CaPush(orderNumber, certificateId, eventType, status, statusCode, statusDesc, revocationReasonCode);
    }

    private static String identifier(
            MultiValueMap<String, String> form, String field, boolean required, List<FieldError> errors) {
        String value = single(form, field, errors);
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!IDENTIFIER.matcher(value.strip()).matches()) {
            errors.add(new FieldError(field, "must be 1 to 64 letters, digits, '-' or '_'"));
            return null;
        }
        return value.strip();
    }

    private static Integer number(
            MultiValueMap<String, String> form, String field, boolean required, List<FieldError> errors) {
        String value = single(form, field, errors);
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "must be a whole number"));
            return null;
        }
    }

    private static String text(MultiValueMap<String, String> form, String field, int max, List<FieldError> errors) {
        String value = single(form, field, errors);
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        return value;
    }

    /**
     * The CA's words as they go into the customer's history: one line of printable characters, at most
     * {@link #MAX_STATUS_DESC} of them. Markup stays text: escaping it is the job of whatever shows it.
     */
    static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        String line = NOT_ONE_LINE.matcher(text).replaceAll(" ").strip();
        if (line.codePointCount(0, line.length()) > MAX_STATUS_DESC) {
            line = line.substring(0, line.offsetByCodePoints(0, MAX_STATUS_DESC - 1))
                            .stripTrailing() + "…";
        }
        return line.isEmpty() ? null : line;
    }

    private static String single(MultiValueMap<String, String> form, String field, List<FieldError> errors) {
        List<String> values = form.get(field);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            errors.add(new FieldError(field, "must be given once"));
            return null;
        }
        return values.get(0);
    }
}
