package nl.certflow.dcv;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nl.certflow.ca.DcvProbe;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.DcvTokens;
import nl.certflow.order.OrderDcv.LastCheck;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Cache;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * certflow's own look at a domain's DCV record, through dnsjava and the servers of {@code certflow.dcv.dns-servers}
 * (default: the system's). Each lookup is bounded by {@code certflow.dcv.lookup-timeout} and never cached, so a
 * record the customer just published is seen at once. Says what was found instead when the record is not in place
 * (another target, NXDOMAIN, no CNAME, a failed lookup). The file methods fetch the URL ({@link DcvFileFetcher}: found,
 * HTTP 404, wrong content), resolving the domain through the same servers and only ever fetching from public
 * addresses.
 */
@Component
public class DcvRecordChecker implements DcvProbe, DisposableBean {

    private final Resolver resolver;
    private final Clock clock;
    private final DcvFileFetcher files;

    public DcvRecordChecker(DcvProperties properties, Clock clock) {
        this.resolver = resolver(properties);
        this.clock = clock;
        this.files = new DcvFileFetcher(properties, resolver, clock);
    }

    @Override
    public void destroy() throws IOException {
        files.close();
    }

    /** One domain's record for the method; {@code EMAIL} has nothing to look up. */
    public LastCheck check(DcvMethod method, String domain, DcvTokens tokens, String approverEmail) {
        return switch (method) {
            case CNAME_CSR_HASH -> checkCname(domain, tokens);
            case HTTP_CSR_HASH, HTTPS_CSR_HASH -> files.check(method == DcvMethod.HTTPS_CSR_HASH, domain, tokens);
            case EMAIL ->
                new LastCheck(
                        clock.instant(),
                        false,
                        "Nothing to look up: the approval e-mail goes to " + approverEmail
                                + ", whose recipient confirms it");
        };
    }

    Instant now() {
        return clock.instant();
    }

    @Override
    public boolean recordInPlace(DcvMethod method, String domain, DcvTokens tokens) {
        return switch (method) {
            case CNAME_CSR_HASH -> checkCname(domain, tokens).found();
            case HTTP_CSR_HASH, HTTPS_CSR_HASH ->
                files.check(method == DcvMethod.HTTPS_CSR_HASH, domain, tokens).found();
            case EMAIL -> false;
        };
    }

    LastCheck checkCname(String domain, DcvTokens tokens) {
        String expected = tokens.cnameValue();
        String recordName = tokens.cnameName(domain);
        Lookup lookup;
        try {
            lookup = new Lookup(Name.fromString(recordName), Type.CNAME);
        } catch (TextParseException e) {
            return new LastCheck(clock.instant(), false, recordName + " is not a DNS name: " + e.getMessage());
        }
        lookup.setResolver(resolver);
        lookup.setCache(new Cache()); // a fresh cache per lookup: never an answer from before the customer's change
        Record[] answers = lookup.run();
        String detail = switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> null;
            case Lookup.HOST_NOT_FOUND -> "NXDOMAIN: " + recordName + " does not exist";
            case Lookup.TYPE_NOT_FOUND -> "No CNAME record at " + recordName;
            default -> "The DNS lookup of " + recordName + " failed: " + lookup.getErrorString();
        };
        if (detail != null) {
            return new LastCheck(clock.instant(), false, detail);
        }
        List<String> targets = new ArrayList<>();
        for (Record answer : answers) {
            if (answer instanceof CNAMERecord cname) {
                String target = cname.getTarget().toString();
                if (target.equalsIgnoreCase(expected)) {
                    return new LastCheck(clock.instant(), true, recordName + " CNAME " + target);
                }
                targets.add(target.toLowerCase(Locale.ROOT));
            }
        }
        return new LastCheck(
                clock.instant(),
                false,
                targets.isEmpty()
                        ? "No CNAME record at " + recordName
                        : recordName + " points to " + String.join(", ", targets) + " instead of " + expected);
    }

    private static Resolver resolver(DcvProperties properties) {
        List<Resolver> resolvers = new ArrayList<>();
        for (String server : properties.dnsServers()) {
            resolvers.add(simpleResolver(server));
        }
        ExtendedResolver resolver = resolvers.isEmpty()
                ? new ExtendedResolver() // the system's servers (resolv.conf and the like)
                : new ExtendedResolver(resolvers);
        resolver.setTimeout(properties.lookupTimeout());
        resolver.setRetries(1);
        return resolver;
    }

    /** {@code host}, {@code host:port} or {@code [v6]:port}. */
    private static Resolver simpleResolver(String server) {
        String host = server;
        int port = 53;
        int colon = server.lastIndexOf(':');
        if (colon > 0 && server.indexOf(':') == colon) {
            host = server.substring(0, colon);
            port = Integer.parseInt(server.substring(colon + 1));
        } else if (server.startsWith("[") && server.contains("]:")) {
            host = server.substring(1, server.indexOf(']'));
            port = Integer.parseInt(server.substring(server.indexOf("]:") + 2));
        }
        try {
            return new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("certflow.dcv.dns-servers: unknown server " + server, e);
        }
    }
}
