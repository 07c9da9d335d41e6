package nl.certflow.prevalidation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Compares a company name as a customer typed it with the names KvK registered. Ignores case, diacritics,
 * punctuation, whitespace and a leading or trailing legal form (BV, NV, VOF with or without dots), since
 * customers write "Test B.V." for "Test BV". "Stichting" stays: it is part of a foundation's name.
 */
public final class CompanyNames {

    private static final Set<String> LEGAL_FORMS = Set.of("bv", "nv", "vof");

    private CompanyNames() {}

    public static boolean matchesAny(String name, Collection<String> registeredNames) {
        String normalised = normalise(name);
        return !normalised.isEmpty()
                && registeredNames.stream().map(CompanyNames::normalise).anyMatch(normalised::equals);
    }

    /** "Café De Kroon B.V." becomes "cafedekroon". */
    public static String normalise(String name) {
        if (name == null) {
            return "";
        }
        String text = Normalizer.normalize(name, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[.'’`]", "") // dots and apostrophes join: B.V. -> bv, Dagobert's -> dagoberts
                .replaceAll("[^\\p{L}\\p{N}]+", " ")
                .strip();
        List<String> words = new ArrayList<>(Arrays.asList(text.split(" ")));
        while (!words.isEmpty() && LEGAL_FORMS.contains(words.get(0))) {
            words.remove(0);
        }
        while (!words.isEmpty() && LEGAL_FORMS.contains(words.get(words.size() - 1))) {
            words.remove(words.size() - 1);
        }
        return String.join("", words);
    }
}
