package nl.certflow.ca.sectigo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local stand-in for Sectigo's reseller API: accepts form POSTs on the three paths, checks credentials,
 * responseFormat and the required fields, and answers URL-encoded {@code key=value&...}.
 */
final class SectigoStub implements AutoCloseable {

    static final String LOGIN = "certflow-reseller";
    static final String PASSWORD = "s3cr3t&p@ss=w0rd";
    static final String DV_PRODUCT = "488";

    record Recorded(String method, String path, String contentType, Map<String, String> form) {
    }

    record Reply(int status, String body) {

        static Reply ok(String... keysAndValues) {
            return new Reply(200, answer(keysAndValues));
        }
    }

    private static final List<String> APPLY_REQUIRED = List.of("product", "days", "csr", "serverSoftware",
            "dcvMethod", "isCustomerValidated", "showCertificateID", "foreignOrderNumber", "appRepForename",
            "appRepSurname", "appRepEmailAddress");
    private static final List<String> APPLY_ORGANISATION_REQUIRED = List.of("organizationName", "streetAddress1",
            "localityName", "postalCode", "countryName", "companyNumber");
    private static final List<String> REVOKE_REQUIRED = List.of("orderNumber", "revocationReason", "codeReason");
    private static final List<String> COLLECT_REQUIRED = List.of("orderNumber", "queryType", "showValidityPeriod",
            "showExtStatus", "responseType", "responseEncoding");

    final List<Recorded> requests = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();

    volatile Function<Map<String, String>, Reply> apply =
            form -> Reply.ok("errorCode", "0", "orderNumber", "1234567", "certificateID", "987654321",
                    "totalCost", "42.00");
    volatile Function<Map<String, String>, Reply> revoke = form -> Reply.ok("errorCode", "0");
    volatile Function<Map<String, String>, Reply> collect =
            form -> Reply.ok("errorCode", "0", "certificateStatus", "Being processed");
    volatile long delayMillis;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    SectigoStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/products/!AutoApplySSL", ex -> handle(ex, APPLY_REQUIRED, f -> apply.apply(f)));
        server.createContext("/products/!AutoRevokeSSL", ex -> handle(ex, REVOKE_REQUIRED, f -> revoke.apply(f)));
        server.createContext("/products/download/CollectSSL",
                ex -> handle(ex, COLLECT_REQUIRED, f -> collect.apply(f)));
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Recorded> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    int maxInFlight(String path) {
        return maxInFlight.getOrDefault(path, new AtomicInteger()).get();
    }

    private void handle(HttpExchange exchange, List<String> required,
                        Function<Map<String, String>, Reply> handler) throws IOException {
        String path = exchange.getRequestURI().getPath();
        AtomicInteger current = inFlight.computeIfAbsent(path, p -> new AtomicInteger());
        AtomicInteger max = maxInFlight.computeIfAbsent(path, p -> new AtomicInteger());
        int now = current.incrementAndGet();
        max.accumulateAndGet(now, Math::max);
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = parse(body);
            requests.add(new Recorded(exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders().getFirst("Content-Type"), form));
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            respond(exchange, check(exchange, path, form, required, handler));
        } finally {
            current.decrementAndGet();
            exchange.close();
        }
    }

    private Reply check(HttpExchange exchange, String path, Map<String, String> form, List<String> required,
                        Function<Map<String, String>, Reply> handler) {
        if (!"POST".equals(exchange.getRequestMethod())) {
            return Reply.ok("errorCode", "-17", "errorMessage", "The request was not POSTed!");
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            return Reply.ok("errorCode", "-14", "errorMessage", "An unknown error occurred!");
        }
        if (!LOGIN.equals(form.get("loginName")) || !PASSWORD.equals(form.get("loginPassword"))) {
            return Reply.ok("errorCode", "-16", "errorMessage",
                    "Incorrect login details, account is locked, password has expired, or your source IP is blocked!");
        }
        if (!"1".equals(form.get("responseFormat"))) {
            return new Reply(200, "-4\nThe value of the 'responseFormat' argument is invalid!");
        }
        for (String field : required) {
            if (isBlank(form.get(field))) {
                return missing(field);
            }
        }
        if (path.endsWith("AutoApplySSL") && !DV_PRODUCT.equals(form.get("product"))) {
            for (String field : APPLY_ORGANISATION_REQUIRED) {
                if (isBlank(form.get(field))) {
                    return missing(field);
                }
            }
        }
        return handler.apply(form);
    }

    private static Reply missing(String field) {
        return Reply.ok("errorCode", "-3", "errorMessage", "The '" + field + "' argument is missing!",
                "errorItem", field);
    }

    private static void respond(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String answer(String... keysAndValues) {
        StringJoiner joiner = new StringJoiner("&");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            joiner.add(URLEncoder.encode(keysAndValues[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return joiner.toString();
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (form.putIfAbsent(key, value) != null) {
                throw new IllegalStateException("field sent twice: " + key);
            }
        }
        return form;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
