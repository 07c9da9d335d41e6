package nl.certflow.order;

import java.util.Locale;
import java.util.regex.Pattern;

/** Checks and normalises DNS names as they may appear in a certificate (RFC 1123, optional leading wildcard). */
public final class DnsNames {

    private static final int MAX_LENGTH = 253;
    private static final String WILDCARD_PREFIX = "*.";
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");

    private DnsNames() {}

    /**
     * True for a hostname of at least two labels whose last label is not numeric (so no IP addresses),
     * optionally preceded by one wildcard label; {@code *.com} is refused because the base needs two labels too.
     */
    public static boolean isValid(String name) {
        if (name == null || name.length() > MAX_LENGTH) {
            return false;
        }
        String base = isWildcard(name) ? name.substring(WILDCARD_PREFIX.length()) : name;
        // limit -1 keeps empty labels, so "a..b" and "a.b." fail instead of being silently split away
        String[] labels = base.split("\\.", -1);
        if (labels.length < 2 || ALL_DIGITS.matcher(labels[labels.length - 1]).matches()) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** True if the name starts with a wildcard label; says nothing about the rest being valid. */
    public static boolean isWildcard(String name) {
        return name != null && name.startsWith(WILDCARD_PREFIX);
    }

    /** DNS names compare case-insensitively; this is the form to compare and store them in. */
    public static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
