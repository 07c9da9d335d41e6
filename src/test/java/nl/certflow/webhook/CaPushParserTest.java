package nl.certflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import nl.certflow.DatabaseIndependent;
import nl.certflow.order.FieldError;
import nl.certflow.order.InvalidOrderException;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The push form's fields as Sectigo's "Certificate Issuance Push" documents them, and everything else refused. */
@DatabaseIndependent
class CaPushParserTest {

    @Test
    void aCompletePushIsReadWithItsFieldsStripped() {
        CaPush push = CaPushParser.parse(form(
                "orderNumber",
                " 1234567 ",
                "certificateID",
                "77",
                "eventType",
                "Certificate",
                "status",
                "Issued",
                "statusCode",
                "6",
                "statusDesc",
                "Issued",
                "revocationReasonCode",
                " 4 ",
                "certificate",
                "-----BEGIN CERTIFICATE-----",
                "caCertificate",
                "-----BEGIN CERTIFICATE-----"));

        assertThat(push).isEqualTo(new CaPush("1234567", "77", "Certificate", "Issued", 6, "Issued", 4));
        assertThat(push.isInformational()).isFalse();
    }

    @Test
    void onlyOrderNumberAndStatusCodeAreRequired() {
        CaPush push = CaPushParser.parse(form("orderNumber", "1", "statusCode", "12"));
        assertThat(push).isEqualTo(new CaPush("1", null, null, null, 12, null, null));
        assertThat(push.isInformational()).as("awaiting brand validation").isTrue();
        assertThat(CaPushParser.parse(form("orderNumber", "1", "statusCode", "14"))
                        .isInformational())
                .as("replaced")
                .isTrue();
    }

    @Test
    void everyInvalidFieldIsNamedAtOnce() {
        assertThat(errors(form()))
                .containsExactly(
                        new FieldError("orderNumber", "is required"), new FieldError("statusCode", "is required"));
        assertThat(fields(form("orderNumber", "1'; DROP TABLE cf_order;--", "statusCode", "six")))
                .containsExactly("orderNumber", "statusCode");
        assertThat(fields(form("orderNumber", "x".repeat(65), "certificateID", "a b", "statusCode", "6")))
                .containsExactly("orderNumber", "certificateID");
        assertThat(fields(form("orderNumber", "1", "statusCode", "6", "revocationReasonCode", "4.5")))
                .containsExactly("revocationReasonCode");
    }

    @Test
    void statusCodesSectigoDoesNotDocumentAreRefused() {
        for (String code : List.of("0", "1", "2", "4", "10", "11", "13", "15", "-6", "2147483648")) {
            assertThat(fields(form("orderNumber", "1", "statusCode", code)))
                    .as(code)
                    .containsExactly("statusCode");
        }
        for (String code : List.of("3", "5", "6", "7", "8", "9", "12", "14")) {
            assertThat(CaPushParser.parse(form("orderNumber", "1", "statusCode", code))
                            .statusCode())
                    .isEqualTo(Integer.parseInt(code));
        }
    }

    @Test
    void aFieldGivenTwiceOrTooLongIsRefused() {
        MultiValueMap<String, String> twice = form("orderNumber", "1", "statusCode", "6");
        twice.add("orderNumber", "2");
        assertThat(errors(twice)).contains(new FieldError("orderNumber", "must be given once"));

        assertThat(fields(form(
                        "orderNumber",
                        "1",
                        "statusCode",
                        "6",
                        "status",
                        "s".repeat(201),
                        "eventType",
                        "e".repeat(65),
                        "certificate",
                        "c".repeat(16_001))))
                .containsExactly("eventType", "status", "certificate");
    }

    @Test
    void unknownFieldsAreIgnoredAsSectigoMayAddSome() {
        assertThat(CaPushParser.parse(form("orderNumber", "1", "statusCode", "6", "newField", "x"))
                        .orderNumber())
                .isEqualTo("1");
    }

    // What the CA writes in statusDesc reaches the customer's history as one short line of printable text.

    @Test
    void lineBreaksAndControlCharactersBecomeOneSpace() {
        assertThat(statusDesc("line\nbreak")).isEqualTo("line break");
        assertThat(statusDesc("a\r\n\r\n\tb")).isEqualTo("a b");
        assertThat(statusDesc("\u001B[31mred\u001B[0m")).as("terminal escape").isEqualTo("[31mred [0m");
        assertThat(statusDesc("nul\u0000here")).isEqualTo("nul here");
        assertThat(statusDesc("paid \u202Efdp.exe")).as("bidi override").isEqualTo("paid fdp.exe");
        assertThat(statusDesc("a\u2028b\u2029c\u00A0\u00A0d"))
                .as("line/paragraph separators, no-break spaces")
                .isEqualTo("a b c d");
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
        assertThat(statusDesc(null)).isNull();
    }

    private static String statusDesc(String text) {
        MultiValueMap<String, String> push = form("orderNumber", "1234", "statusCode", "12");
        if (text != null) {
            push.add("statusDesc", text);
        }
        return CaPushParser.parse(push).statusDesc();
    }

    private static List<FieldError> errors(MultiValueMap<String, String> form) {
        return catchThrowableOfType(InvalidOrderException.class, () -> CaPushParser.parse(form))
                .errors();
    }

    private static List<String> fields(MultiValueMap<String, String> form) {
        return errors(form).stream().map(FieldError::field).toList();
    }

    private static MultiValueMap<String, String> form(String... namesAndValues) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }
}
