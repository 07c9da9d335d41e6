package nl.certflow.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A reseller's system receiving certflow's webhooks on 127.0.0.1: checks each delivery's Standard Webhooks signature
 * (HMAC-SHA256 over {@code id.timestamp.body}, key = the base64 part of {@code whsec_…}), remembers per endpoint the
 * highest sequence received and, per delivery, the time from the event ({@code at}) to its arrival.
 */
final class EventReceiver implements AutoCloseable {

    private static final Pattern SEQUENCE = Pattern.compile("\"sequence\":(\\d+)");
    private static final Pattern AT = Pattern.compile("\"at\":\"([^\"]+)\"");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> highest = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong forged = new AtomicLong();
    private volatile Latencies lag = new Latencies();

    EventReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** The URL of endpoint {@code name} (each endpoint its own path, so the receiver tells them apart). */
    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    void secret(String name, String whsec) {
        keys.put("/" + name, Base64.getDecoder().decode(whsec.substring("whsec_".length())));
        highest.put("/" + name, new AtomicLong());
    }

    /** The lowest of the endpoints' highest received sequences: every endpoint has everything up to it. */
    long deliveredThrough() {
        return highest.values().stream().mapToLong(AtomicLong::get).min().orElse(Long.MAX_VALUE);
    }

    long received() {
        return received.get();
    }

    long forged() {
        return forged.get();
    }

    /** The event → arrival times since the last call, and a fresh collection from now on. */
    Latencies takeLag() {
        Latencies taken = lag;
        lag = new Latencies();
        return taken;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long arrived = System.currentTimeMillis();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            byte[] key = keys.get(path);
            String text = new String(body, StandardCharsets.UTF_8);
            if (key == null || !signed(key, exchange, text)) {
                forged.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            received.incrementAndGet();
            Matcher sequence = SEQUENCE.matcher(text);
            if (sequence.find()) {
                long value = Long.parseLong(sequence.group(1));
                highest.get(path).accumulateAndGet(value, Math::max);
            }
            Matcher at = AT.matcher(text);
            if (at.find()) {
                lag.record("delivery", (arrived - Instant.parse(at.group(1)).toEpochMilli()) * 1000);
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private static boolean signed(byte[] key, HttpExchange exchange, String body) {
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String signature : signatures.split(" ")) {
                if (signature.startsWith("v1,")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
