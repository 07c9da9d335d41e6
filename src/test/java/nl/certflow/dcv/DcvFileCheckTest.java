package nl.certflow.dcv;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.certflow.DatabaseIndependent;
import nl.certflow.TestCsrs;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.DcvTokens;
import nl.certflow.order.OrderDcv.LastCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP file method: certflow resolves the customer's domain through the configured DNS server (a real one on
 * loopback), fetches {@code http://domain/.well-known/pki-validation/<MD5>.txt} from a real HTTP server on loopback,
 * and says found / HTTP 404 / wrong content. Without {@code allow-private-targets} a domain that resolves to
 * loopback (or any internal address) is never fetched.
 */
@DatabaseIndependent
class DcvFileCheckTest {

    private static final String DOMAIN = "www.file-check.nl";

    private final LoopbackDnsServer dns = new LoopbackDnsServer();
    private final DcvTokens tokens = DcvTokens.of(TestCsrs.ec(DOMAIN), "fileunique1");
    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer web;

    @BeforeEach
    void start() throws IOException {
        web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        web.createContext("/", exchange -> {
            requests.add(exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestURI());
            String body = files.get(exchange.getRequestURI().getPath());
            byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        web.start();
        dns.address(DOMAIN, "127.0.0.1");
    }

    @AfterEach
    void stop() {
        web.stop(0);
        dns.close();
    }

    @Test
    void thePublishedFileIsFoundAndTheRequestNamesTheCustomersDomain() {
        // Sectigo's file: the SHA-256, the CA's domain and the uniqueValue, one per line (a CRLF file is the same)
        files.put(path(), tokens.sha256() + "\r\nsectigo.com\r\nfileunique1\r\n");

        LastCheck check = checker(true).check(DcvMethod.HTTP_CSR_HASH, DOMAIN, tokens, null);

        assertThat(check.found()).as(check.detail()).isTrue();
        assertThat(check.detail()).isEqualTo(tokens.fileUrl(false, DOMAIN) + " has the expected content");
        assertThat(requests).containsExactly(DOMAIN + ":" + web.getAddress().getPort() + " " + path());
        assertThat(checker(true).recordInPlace(DcvMethod.HTTP_CSR_HASH, DOMAIN, tokens))
                .isTrue();
    }

    @Test
    void aMissingFileIsHttp404() {
        LastCheck check = checker(true).check(DcvMethod.HTTP_CSR_HASH, DOMAIN, tokens, null);

        assertThat(check.found()).isFalse();
        assertThat(check.detail()).isEqualTo("HTTP 404 at " + tokens.fileUrl(false, DOMAIN));
    }

    @Test
    void aFileWithOtherContentSaysWhatItHas() {
        files.put(path(), "<html><script>x</script></html>");

        LastCheck check = checker(true).check(DcvMethod.HTTP_CSR_HASH, DOMAIN, tokens, null);

        assertThat(check.found()).isFalse();
        assertThat(check.detail())
                .startsWith("Wrong content at " + tokens.fileUrl(false, DOMAIN) + ": found \"<html><script>")
                .contains("instead of \"" + tokens.sha256() + " sectigo.com fileunique1\"");
    }

    @Test
    void aDomainThatDoesNotExistIsNxdomain() {
        LastCheck check = checker(true).check(DcvMethod.HTTP_CSR_HASH, "nowhere.file-check.nl", tokens, null);

        assertThat(check.found()).isFalse();
        assertThat(check.detail()).isEqualTo("NXDOMAIN: nowhere.file-check.nl does not exist");
        assertThat(requests).isEmpty();
    }

    @Test
    void aDomainPointingAtAnInternalAddressIsNeverFetched() {
        files.put(path(), tokens.fileContent());
        dns.address("metadata.file-check.nl", "169.254.169.254");

        LastCheck loopback = checker(false).check(DcvMethod.HTTP_CSR_HASH, DOMAIN, tokens, null);
        LastCheck metadata = checker(false).check(DcvMethod.HTTPS_CSR_HASH, "metadata.file-check.nl", tokens, null);

        assertThat(loopback.found()).isFalse();
        assertThat(loopback.detail())
                .isEqualTo(DOMAIN + " resolves to 127.0.0.1, a loopback, private, link-local or otherwise internal"
                        + " address: certflow does not fetch from there (nor does the CA)");
        assertThat(metadata.detail()).startsWith("metadata.file-check.nl resolves to 169.254.169.254");
        assertThat(requests).as("nothing was fetched").isEmpty();
        assertThat(checker(false).recordInPlace(DcvMethod.HTTP_CSR_HASH, DOMAIN, tokens))
                .isFalse();
    }

    @Test
    void aServerThatDoesNotAnswerFailsWithinTheTimeout() {
        web.createContext("/.well-known/pki-validation/", exchange -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        long start = System.nanoTime();

        LastCheck check = checker(true).check(DcvMethod.HTTP_CSR_HASH, DOMAIN, tokens, null);

        assertThat(check.found()).isFalse();
        assertThat(check.detail()).isEqualTo(tokens.fileUrl(false, DOMAIN) + " did not answer within 500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    private String path() {
        return "/.well-known/pki-validation/" + tokens.md5() + ".txt";
    }

    private DcvRecordChecker checker(boolean allowPrivateTargets) {
        return new DcvRecordChecker(
                new DcvProperties(
                        DcvMethod.CNAME_CSR_HASH,
                        List.of(dns.address()),
                        Duration.ofMillis(500),
                        allowPrivateTargets,
                        web.getAddress().getPort(),
                        443),
                Clock.systemUTC());
    }
}
