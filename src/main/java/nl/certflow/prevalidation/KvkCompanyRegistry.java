package nl.certflow.prevalidation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Optional;

/**
 * The real KvK register: {@code GET {baseUrl}/v1/basisprofielen/{kvkNummer}} of the KvK Handelsregister
 * Basisprofiel API. "Not registered" answers become empty; anything a retry may cure (or an operator must fix,
 * such as a rejected API key) becomes {@link RegistryUnavailableException}.
 */
public class KvkCompanyRegistry implements CompanyRegistry {

    /** KvK answers 404 with these while it is (re)processing a registration: temporary, not "unknown". */
    private static final String[] TEMPORARILY_UNAVAILABLE = {"IPD1002", "IPD1003"};

    private static final String INVALID_KVK_NUMBER = "IPD0004";
    private static final int MAX_ERROR_TEXT = 200;

    private final KvkProperties properties;
    private final BasisprofielParser parser;
    private final HttpClient http;

    public KvkCompanyRegistry(KvkProperties properties, BasisprofielParser parser) {
        this.properties = properties;
        this.parser = parser;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
    }

    @Override
    public Optional<RegisteredCompany> findByKvkNumber(String kvkNumber) {
        // Not worth a call (and unsafe in a URL path): KvK answers 400 IPD0004 to such numbers, which we
        // treat as "not registered" as well, because the customer can correct the number.
        if (kvkNumber == null || !kvkNumber.matches("\\d{8}")) {
            return Optional.empty();
        }
        HttpResponse<String> response = get(kvkNumber);
        int status = response.statusCode();
        if (status == 200) {
            return Optional.of(parse(kvkNumber, response.body()));
        }
        Optional<KvkError> error = KvkError.in(response.body());
        boolean notFound = status == 404
                && error.map(e -> !e.hasCode(TEMPORARILY_UNAVAILABLE)).orElse(true);
        boolean invalidNumber =
                status == 400 && error.map(e -> e.hasCode(INVALID_KVK_NUMBER)).orElse(false);
        if (notFound || invalidNumber) {
            return Optional.empty();
        }
        throw unavailable(kvkNumber, "HTTP " + status + errorText(error, response.body()));
    }

    private HttpResponse<String> get(String kvkNumber) {
        HttpRequest request = HttpRequest.newBuilder(basisprofielUri(kvkNumber))
                .header("apikey", properties.apiKey())
                .header("Accept", "application/json")
                .timeout(properties.timeout())
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw unavailable(
                    kvkNumber, "no answer within " + properties.timeout().toMillis() + " ms", e);
        } catch (IOException e) {
            throw unavailable(kvkNumber, "network error: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(kvkNumber, "interrupted", e);
        }
    }

    private URI basisprofielUri(String kvkNumber) {
        String base = properties.baseUrl().replaceAll("/+$", "");
        return URI.create(base + "/v1/basisprofielen/" + kvkNumber);
    }

    private RegisteredCompany parse(String kvkNumber, String body) {
        try {
            return parser.parse(body);
        } catch (IllegalArgumentException e) {
            throw unavailable(kvkNumber, "HTTP 200 with an unreadable answer (" + e.getMessage() + ")", e);
        }
    }

    /** KvK's own error text, or the start of whatever else the server (e.g. a gateway) sent. */
    private static String errorText(Optional<KvkError> error, String body) {
        String text = error.map(KvkError::toString).orElse(body.strip().replaceAll("\\s+", " "));
        if (text.length() > MAX_ERROR_TEXT) {
            text = text.substring(0, MAX_ERROR_TEXT) + "...";
        }
        return text.isEmpty() ? "" : " (" + text + ")";
    }

    private RegistryUnavailableException unavailable(String kvkNumber, String problem) {
        return new RegistryUnavailableException(message(kvkNumber, problem));
    }

    private RegistryUnavailableException unavailable(String kvkNumber, String problem, Throwable cause) {
        return new RegistryUnavailableException(message(kvkNumber, problem), cause);
    }

    /** Masks the API key in case an answer or exception ever echoes it. */
    private String message(String kvkNumber, String problem) {
        String message = "KvK Basisprofiel lookup of " + kvkNumber + " failed: " + problem;
        String apiKey = properties.apiKey();
        return apiKey == null || apiKey.isEmpty() ? message : message.replace(apiKey, "***");
    }
}
