package nl.certflow.dcv;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import nl.certflow.events.TargetGuard;
import nl.certflow.order.DcvTokens;
import nl.certflow.order.OrderDcv.LastCheck;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TrustAllStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.Timeout;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * certflow's own look at a file method's URL ({@code http(s)://domain/.well-known/pki-validation/<MD5>.txt}), with a
 * real HTTP client (Apache HttpClient) whose name resolution certflow does itself: through the configured DNS servers
 * (dnsjava, as the CNAME check), and — the customer chooses the domain — refusing every name that resolves to a
 * loopback, private, link-local (cloud metadata) or otherwise internal address ({@link TargetGuard#isPublic}, the
 * webhooks' rule), unless {@code certflow.dcv.allow-private-targets}. The client connects only to the addresses this
 * check passed, so a name re-pointed between check and connection (DNS rebinding) cannot lead it elsewhere. No
 * redirects, no cookies, no retries; connect and answer each bounded by {@code certflow.dcv.lookup-timeout}, at most
 * {@value #MAX_BODY} bytes read. Like the CA, the HTTPS fetch does not judge the server's certificate: the file's
 * content is the proof.
 */
final class DcvFileFetcher implements AutoCloseable {

    static final int MAX_BODY = 4096;

    /** A name certflow will not fetch from: it resolves to an internal address. */
    static final class InternalAddressException extends UnknownHostException {
        InternalAddressException(String message) {
            super(message);
        }
    }

    private final DcvProperties properties;
    private final Resolver dns;
    private final Clock clock;
    private final CloseableHttpClient http;

    DcvFileFetcher(DcvProperties properties, Resolver dns, Clock clock) {
        this.properties = properties;
        this.dns = dns;
        this.clock = clock;
        Timeout timeout = Timeout.of(properties.lookupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new GuardedResolver())
                        .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                                .setSslContext(trustingEveryCertificate())
                                .setHostnameVerifier(NoopHostnameVerifier.INSTANCE)
                                .buildClassic())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout)
                                .setSocketTimeout(timeout)
                                .build())
                        .build())
                .setDefaultRequestConfig(
                        RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .setUserAgent("certflow-dcv-check")
                .build();
    }

    /** Fetches the domain's file and compares it with what the CA expects. */
    LastCheck check(boolean https, String domain, DcvTokens tokens) {
        String url = tokens.fileUrl(https, domain);
        URI uri = withPort(URI.create(url), https ? properties.httpsPort() : properties.httpPort());
        HttpGet get = new HttpGet(uri);
        try {
            return http.execute(get, response -> {
                int code = response.getCode();
                if (code == 200) {
                    String body = read(
                            response.getEntity() == null
                                    ? null
                                    : response.getEntity().getContent());
                    return matches(body, tokens.fileContent())
                            ? new LastCheck(clock.instant(), true, url + " has the expected content")
                            : new LastCheck(
                                    clock.instant(),
                                    false,
                                    "Wrong content at " + url + ": found \"" + shown(body) + "\" instead of \""
                                            + shown(tokens.fileContent()) + "\"");
                }
                Header location = response.getFirstHeader("Location");
                return new LastCheck(
                        clock.instant(),
                        false,
                        "HTTP " + code + " at " + url
                                + (code / 100 == 3 && location != null
                                        ? " (a redirect to " + shown(location.getValue())
                                                + "; publish the file at the URL itself)"
                                        : ""));
            });
        } catch (UnknownHostException e) {
            return new LastCheck(clock.instant(), false, e.getMessage());
        } catch (SocketTimeoutException e) {
            return new LastCheck(
                    clock.instant(),
                    false,
                    url + " did not answer within " + properties.lookupTimeout().toMillis() + " ms");
        } catch (IOException e) {
            return new LastCheck(clock.instant(), false, "Could not fetch " + url + ": " + describe(e));
        }
    }

    private static URI withPort(URI uri, int port) {
        int standard = uri.getScheme().equals("https") ? 443 : 80;
        if (port == standard) {
            return uri;
        }
        return URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + port + uri.getRawPath());
    }

    /** The CA's content line by line (a trailing newline, CRLF and spaces around lines do not matter). */
    static boolean matches(String body, String expected) {
        return lines(body).equals(lines(expected));
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\r?\\n|\\r")) {
            if (!line.isBlank()) {
                lines.add(line.strip().toLowerCase(Locale.ROOT));
            }
        }
        return lines;
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
        }
    }

    /** A customer's text as certflow shows it: control characters as spaces, at most 200 characters. */
    private static String shown(String text) {
        String clean = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return clean.length() > 200 ? clean.substring(0, 200) + "…" : clean;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + shown(message) + ")");
    }

    /** A/AAAA through the configured servers, fresh per lookup; only public addresses unless allowed. */
    private final class GuardedResolver implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            List<InetAddress> addresses = new ArrayList<>();
            boolean exists = false;
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Lookup lookup;
                try {
                    lookup = new Lookup(Name.fromString(host.endsWith(".") ? host : host + "."), type);
                } catch (TextParseException e) {
                    throw new UnknownHostException(host + " is not a DNS name");
                }
                lookup.setResolver(dns);
                lookup.setCache(new Cache());
                Record[] answers = lookup.run();
                if (lookup.getResult() == Lookup.SUCCESSFUL || lookup.getResult() == Lookup.TYPE_NOT_FOUND) {
                    exists = true;
                }
                for (Record answer : answers == null ? new Record[0] : answers) {
                    if (answer instanceof ARecord a) {
                        addresses.add(a.getAddress());
                    } else if (answer instanceof AAAARecord aaaa) {
                        addresses.add(aaaa.getAddress());
                    }
                }
            }
            if (addresses.isEmpty()) {
                throw new UnknownHostException(
                        exists ? "No address (A/AAAA) for " + host : "NXDOMAIN: " + host + " does not exist");
            }
            if (!properties.allowPrivateTargets()) {
                for (InetAddress address : addresses) {
                    if (!TargetGuard.isPublic(address)) {
                        throw new InternalAddressException(host + " resolves to " + address.getHostAddress()
                                + ", a loopback, private, link-local or otherwise internal address: certflow does"
                                + " not fetch from there (nor does the CA)");
                    }
                }
            }
            return addresses.toArray(InetAddress[]::new);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    /**
     * The file check reads a public proof and sends nothing secret, so the server's certificate is not judged (the
     * content is the proof, as for the CA's own fetch).
     */
    private static SSLContext trustingEveryCertificate() {
        try {
            return SSLContexts.custom()
                    .loadTrustMaterial(null, TrustAllStrategy.INSTANCE)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No TLS for the DCV file check", e);
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
