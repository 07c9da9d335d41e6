package nl.certflow.prevalidation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The first entry of a KvK error answer, {@code {"fout":[{"code":"IPD0005","omschrijving":"..."}]}}. */
record KvkError(String code, String omschrijving) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Optional<KvkError> in(String body) {
        try {
            JsonNode fout = MAPPER.readTree(body).path("fout").path(0);
            if (fout.isMissingNode()) {
                return Optional.empty();
            }
            return Optional.of(new KvkError(
                    fout.path("code").asText(""), fout.path("omschrijving").asText("")));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    boolean hasCode(String... codes) {
        return List.of(codes).contains(code);
    }

    @Override
    public String toString() {
        return (code + " " + omschrijving).strip();
    }
}
