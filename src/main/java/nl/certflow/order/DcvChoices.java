package nl.certflow.order;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import nl.certflow.order.OrderRequests.DcvBody;
import org.springframework.stereotype.Component;

/**
 * Turns a request's {@code dcv {method, approverEmail}} into the order's DCV choice, or a 400 naming the field: an
 * unknown method, {@code EMAIL} without an address or with one the CA does not allow, an address with another
 * method, a file method for a wildcard name (the CA validates wildcards by DNS or e-mail only).
 */
@Component
public class DcvChoices {

    private static final String METHODS =
            Arrays.stream(DcvMethod.values()).map(Enum::name).collect(Collectors.joining(", "));

    private final DcvRules rules;

    public DcvChoices(DcvRules rules) {
        this.rules = rules;
    }

    /** {@code current} is null on create: then a missing method is the configured default. */
    public OrderDcv.Choice choose(DcvBody body, OrderDetails details, OrderDcv.Choice current) {
        return choose(body, details, current, "dcv.");
    }

    private OrderDcv.Choice choose(DcvBody body, OrderDetails details, OrderDcv.Choice current, String prefix) {
        if (body == null) {
            return current != null ? current : new OrderDcv.Choice(rules.defaultMethod(), null);
        }
        List<FieldError> errors = new ArrayList<>();
        DcvMethod method = method(body.method(), current, prefix, errors);
        String address = body.approverEmail() == null || body.approverEmail().isBlank()
                ? null
                : body.approverEmail().strip().toLowerCase(Locale.ROOT);
        if (method == DcvMethod.EMAIL) {
            if (address == null) {
                errors.add(new FieldError(prefix + "approverEmail", "is required for method EMAIL"));
            } else if (errors.isEmpty()) {
                String domain = DcvTokens.dcvDomain(details.commonName());
                List<String> allowed = rules.approverEmails(domain);
                if (allowed.stream().noneMatch(address::equalsIgnoreCase)) {
                    errors.add(new FieldError(
                            prefix + "approverEmail",
                            "must be one of the CA's approver addresses for " + domain + ": "
                                    + String.join(", ", allowed)));
                }
            }
        } else if (method != null && address != null) {
            errors.add(new FieldError(prefix + "approverEmail", "is only used with method EMAIL"));
        }
        if ((method == DcvMethod.HTTP_CSR_HASH || method == DcvMethod.HTTPS_CSR_HASH) && hasWildcard(details)) {
            errors.add(new FieldError(
                    prefix + "method", "a wildcard name is validated by CNAME_CSR_HASH or EMAIL, not by a file"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidOrderException(errors);
        }
        return new OrderDcv.Choice(method, method == DcvMethod.EMAIL ? address : null);
    }

    /** A change to the method while the order is at the CA: the same rules against the order's data. */
    public OrderDcv.Choice choose(DcvBody body, Order order) {
        if (body == null || body.method() == null) {
            throw new InvalidOrderException(List.of(new FieldError("method", "is required (" + METHODS + ")")));
        }
        OrderDetails details = new OrderDetails(
                order.validation(),
                order.commonName(),
                order.subjectAlternativeNames(),
                order.csrPem(),
                order.validityDays(),
                order.requester(),
                order.company());
        return choose(
                body,
                details,
                new OrderDcv.Choice(order.dcv().method(), order.dcv().approverEmail()),
                "");
    }

    private DcvMethod method(String value, OrderDcv.Choice current, String prefix, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return current != null ? current.method() : rules.defaultMethod();
        }
        try {
            return DcvMethod.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(prefix + "method", "must be one of " + METHODS));
            return null;
        }
    }

    private static boolean hasWildcard(OrderDetails details) {
        return DnsNames.isWildcard(details.commonName())
                || details.subjectAlternativeNames().stream().anyMatch(DnsNames::isWildcard);
    }
}
