package nl.certflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** What the CA writes in {@code statusDesc} reaches the customer's history as one short line of printable text. */
class CaPushParserTest {

    @Test
    void lineBreaksAndControlCharactersBecomeOneSpace() {
        assertThat(statusDesc("line\nbreak")).isEqualTo("line break");
        assertThat(statusDesc("a\r\n\r\n\tb")).isEqualTo("a b");
        assertThat(statusDesc("\u001B[31mred\u001B[0m")).as("terminal escape").isEqualTo("[31mred [0m");
        assertThat(statusDesc("nul\u0000here")).isEqualTo("nul here");
        assertThat(statusDesc("paid \u202Efdp.exe")).as("bidi override").isEqualTo("paid fdp.exe");
        assertThat(statusDesc("a\u2028b\u2029c\u00A0\u00A0d")).as("line/paragraph separators, no-break spaces").isEqualTo("a b c d");
        assertThat(statusDesc("  Issued  ")).isEqualTo("Issued");
    }

    @Test
    void markupStaysTextForThePageToEscape() {
        assertThat(statusDesc("<script>alert(1)</script>")).isEqualTo("<script>alert(1)</script>");
    }

    @Test
    void longTextIsCutNotRefused() {
        String cut = statusDesc("x".repeat(5000));
        assertThat(cut).hasSize(CaPushParser.MAX_STATUS_DESC).endsWith("…").startsWith("xxx");
        // 199 emoji (two chars each) and the ellipsis: cut between code points, never inside a surrogate pair
        String emoji = statusDesc("\uD83D\uDE00".repeat(300));
        assertThat(emoji.codePointCount(0, emoji.length())).isEqualTo(CaPushParser.MAX_STATUS_DESC);
        assertThat(emoji).startsWith("\uD83D\uDE00").endsWith("\uD83D\uDE00…");
    }

    @Test
    void nothingPrintableIsNoDescription() {
        assertThat(statusDesc("\n\u0007 \t")).isNull();
        assertThat(CaPushParser.parse(form(null)).statusDesc()).isNull();
    }

    private static String statusDesc(String text) {
        return CaPushParser.parse(form(text)).statusDesc();
    }

    private static MultiValueMap<String, String> form(String statusDesc) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("orderNumber", "1234");
        form.add("statusCode", "12");
        if (statusDesc != null) {
            form.add("statusDesc", statusDesc);
        }
        return form;
    }
}
