package nl.certflow.order;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the customer publishes for one domain (contract, "Domain control validation"): {@code CNAME} with
 * {@code name} and {@code value} (fully qualified, as entered in DNS), {@code HTTP}/{@code HTTPS} with {@code url}
 * and {@code content}, or {@code EMAIL} with the approver {@code address}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DcvInstruction(String type, String name, String value, String url, String content, String address) {

    public static DcvInstruction cname(String name, String value) {
        return new DcvInstruction("CNAME", name, value, null, null, null);
    }

    public static DcvInstruction file(boolean https, String url, String content) {
        return new DcvInstruction(https ? "HTTPS" : "HTTP", null, null, url, content, null);
    }

    public static DcvInstruction email(String address) {
        return new DcvInstruction("EMAIL", null, null, null, null, address);
    }
}
