package nl.certflow.dcv;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application of the DCV checks' end-to-end tests, started once for all of them: it resolves through a real DNS
 * server on loopback, and reaches a real web server on loopback ({@code certflow.dcv.allow-private-targets} and
 * {@code http-port}, as in a demo; production never fetches from internal addresses). Each class uses names of its
 * own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
abstract class SharedDcvApplication {

    /** The DNS and web servers run as long as the JVM, like the cached context that uses them. */
    static final LoopbackDnsServer DNS = new LoopbackDnsServer();
    /** The web server's files by path; a path without a file is HTTP 404. */
    static final Map<String, String> FILES = new ConcurrentHashMap<>();
    /** Every fetch the web server answered: its Host header and its path. */
    static final List<String> FETCHES = new CopyOnWriteArrayList<>();

    static final HttpServer WEB = startWeb();

    @DynamicPropertySource
    static void resolverAndWeb(DynamicPropertyRegistry registry) {
        registry.add("certflow.dcv.dns-servers", DNS::address);
        registry.add("certflow.dcv.allow-private-targets", () -> "true");
        registry.add("certflow.dcv.http-port", () -> WEB.getAddress().getPort());
    }

    private static HttpServer startWeb() {
        try {
            HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            web.createContext("/", exchange -> {
                FETCHES.add(exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestURI());
                String file = FILES.get(exchange.getRequestURI().getPath());
                byte[] bytes = (file == null ? "not found" : file).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(file == null ? 404 : 200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            web.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "loopback-web");
                thread.setDaemon(true);
                return thread;
            }));
            web.start();
            return web;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
