package nl.certflow.order;

import static org.assertj.core.api.Assertions.assertThat;

import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DatabaseIndependent
class DnsNamesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "example.com",
                "www.example.com",
                "WWW.Example.COM",
                "a.b",
                "xn--bcher-kva.example",
                "my-host.example.nl",
                "1host.example.com",
                "123.example.com",
                "*.example.com",
                "*.sub.example.co.uk",
                "example.x1"
            })
    void acceptsHostnames(String name) {
        assertThat(DnsNames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "localhost",
                "com",
                ".",
                ".example.com",
                "example.com.",
                "example..com",
                "-example.com",
                "example-.com",
                "exa_mple.com",
                "exa mple.com",
                " example.com",
                "bücher.example",
                "192.168.1.1",
                "example.123",
                "*.com",
                "*",
                "*.",
                "**.example.com",
                "*example.com",
                "www.*.example.com",
                "a*.example.com",
                "*.*.example.com",
                "example.com/path",
                "user@example.com",
                "https://example.com"
            })
    void refusesEverythingElse(String name) {
        assertThat(DnsNames.isValid(name)).isFalse();
    }

    @Test
    void labelsMayHaveAtMost63Characters() {
        assertThat(DnsNames.isValid("a".repeat(63) + ".example.com")).isTrue();
        assertThat(DnsNames.isValid("a".repeat(64) + ".example.com")).isFalse();
    }

    @Test
    void nameMayHaveAtMost253Characters() {
        String name253 = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63), "d".repeat(61));
        assertThat(name253).hasSize(253);
        assertThat(DnsNames.isValid(name253)).isTrue();
        assertThat(DnsNames.isValid("e" + name253)).isFalse();
        assertThat(DnsNames.isValid("*." + name253.substring(2))).isTrue();
        assertThat(DnsNames.isValid("*." + name253)).isFalse();
    }

    @Test
    void wildcardIsALeadingStarLabel() {
        assertThat(DnsNames.isWildcard("*.example.com")).isTrue();
        assertThat(DnsNames.isWildcard("example.com")).isFalse();
        assertThat(DnsNames.isWildcard("*example.com")).isFalse();
        assertThat(DnsNames.isWildcard("www.*.example.com")).isFalse();
        assertThat(DnsNames.isWildcard(null)).isFalse();
    }

    @Test
    void normalizesToLowerCaseRegardlessOfLocale() {
        assertThat(DnsNames.normalize("WWW.Example.COM")).isEqualTo("www.example.com");
        assertThat(DnsNames.normalize("*.TITLE.example")).isEqualTo("*.title.example");
    }
}
