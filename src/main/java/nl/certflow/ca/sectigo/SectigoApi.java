package nl.certflow.ca.sectigo;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nl.certflow.ca.CaUnavailableException;

/**
 * The transport of the reseller API: POSTs a form with the account's credentials and {@code responseFormat=1},
 * and parses the URL-encoded answer. Everything technical (network, timeout, HTTP status other than 200, an answer
 * without a numeric errorCode) becomes a {@link CaUnavailableException}; interpreting the errorCode is the caller's.
 * Credentials are only ever written into the request body, never into a message.
 */
final class SectigoApi {

    private final SectigoProperties properties;
    private final HttpClient http;

    SectigoApi(SectigoProperties properties, HttpClient http) {
        this.properties = properties;
        this.http = http;
    }

    static HttpClient defaultClient(SectigoProperties properties) {
        return HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A parsed answer: its errorCode and all its fields. */
    record Answer(int errorCode, Map<String, String> fields) {

        String get(String name) {
            return fields.get(name);
        }

        /** errorMessage (and errorItem when given), as Sectigo wrote them. */
        String errorText() {
            String message =
                    fields.getOrDefault(SectigoFields.ERROR_MESSAGE, "").trim();
            String item = fields.getOrDefault(SectigoFields.ERROR_ITEM, "").trim();
            if (message.isEmpty()) {
                message = "(no errorMessage)";
            }
            return item.isEmpty() ? message : message + " [errorItem " + item + "]";
        }
    }

    Answer call(String callName, String path, Map<String, String> params) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(SectigoFields.LOGIN_NAME, nullToEmpty(properties.loginName()));
        form.put(SectigoFields.LOGIN_PASSWORD, nullToEmpty(properties.loginPassword()));
        form.put(SectigoFields.RESPONSE_FORMAT, SectigoFields.RESPONSE_FORMAT_URL_ENCODED);
        form.putAll(params);

        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.baseUrl() + path))
                .timeout(properties.readTimeout())
                .header("Content-Type", SectigoFields.CONTENT_TYPE_FORM)
                .header("Accept", "*/*")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form), StandardCharsets.UTF_8))
                .build();

        HttpResponse<String> response = send(callName, request);
        if (response.statusCode() != 200) {
            throw unavailable(callName, "HTTP " + response.statusCode(), null);
        }
        return parse(callName, response.body());
    }

    /** A call whose answer is not URL-encoded (GetDCVEmailAddressList: text/plain): the body as it came. */
    String callText(String callName, String path, Map<String, String> params) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(SectigoFields.LOGIN_NAME, nullToEmpty(properties.loginName()));
        form.put(SectigoFields.LOGIN_PASSWORD, nullToEmpty(properties.loginPassword()));
        form.put(SectigoFields.RESPONSE_FORMAT, SectigoFields.RESPONSE_FORMAT_URL_ENCODED);
        form.putAll(params);
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.baseUrl() + path))
                .timeout(properties.readTimeout())
                .header("Content-Type", SectigoFields.CONTENT_TYPE_FORM)
                .header("Accept", "*/*")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = send(callName, request);
        if (response.statusCode() != 200) {
            throw unavailable(callName, "HTTP " + response.statusCode(), null);
        }
        return response.body() == null ? "" : response.body();
    }

    private HttpResponse<String> send(String callName, HttpRequest request) {
        // The request timeout covers the wait for the response headers; the outer get() bounds the whole answer.
        CompletableFuture<HttpResponse<String>> future =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        long limitMillis = properties.readTimeout().toMillis()
                + properties.connectTimeout().toMillis();
        try {
            return future.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unavailable(callName, "timed out after " + limitMillis + " ms", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable(callName, "interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String what = cause instanceof HttpTimeoutException
                    ? "timed out"
                    : cause instanceof IOException ? "network error" : "call failed";
            throw unavailable(callName, what + " (" + cause.getClass().getSimpleName() + ")", cause);
        }
    }

    private Answer parse(String callName, String body) {
        Map<String, String> fields = decode(body == null ? "" : body.trim());
        // WebHostReport spells it error_code; the other calls errorCode
        String code = fields.getOrDefault(SectigoFields.ERROR_CODE, fields.get(SectigoFields.REPORT_ERROR_CODE));
        if (code == null) {
            throw unavailable(callName, "unparseable answer (no " + SectigoFields.ERROR_CODE + ")", null);
        }
        try {
            return new Answer(Integer.parseInt(code.trim()), Collections.unmodifiableMap(fields));
        } catch (NumberFormatException e) {
            throw unavailable(callName, "unparseable answer (" + SectigoFields.ERROR_CODE + " not numeric)", null);
        }
    }

    CaUnavailableException unavailable(String callName, String detail, Throwable cause) {
        return unavailable(callName, detail, SectigoFields.HINT_TEMPORARY, cause);
    }

    /** The message becomes the Cockpit incident: the call, Sectigo's own code and words, and what to do. */
    CaUnavailableException unavailable(String callName, String detail, String operatorHint, Throwable cause) {
        String message = scrub("Sectigo " + callName + " failed: " + detail + " (" + operatorHint + ")");
        return cause == null ? new CaUnavailableException(message) : new CaUnavailableException(message, cause);
    }

    /** Removes the account's credentials from any text that may end up in a log or an exception. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        String password = properties.loginPassword();
        if (password != null && !password.isEmpty()) {
            result = result.replace(password, "******");
            String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
            if (!encoded.equals(password)) {
                result = result.replace(encoded, "******");
            }
        }
        return result;
    }

    static String encode(Map<String, String> form) {
        StringJoiner joiner = new StringJoiner("&");
        form.forEach((key, value) -> joiner.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(nullToEmpty(value), StandardCharsets.UTF_8)));
        return joiner.toString();
    }

    /** Decodes {@code key=value&...}; segments without '=' are ignored, the first occurrence of a key wins. */
    static Map<String, String> decode(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
                        .trim();
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(key, value);
            } catch (IllegalArgumentException malformedEscape) {
                // not our dialect: leave the pair out; a missing errorCode makes the answer unparseable
            }
        }
        return fields;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
