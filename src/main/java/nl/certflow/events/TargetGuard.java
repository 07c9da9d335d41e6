package nl.certflow.events;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Keeps webhooks from becoming a way into certflow's own network (SSRF): only {@code https}, and only hosts whose
 * every address is public — no loopback, private, link-local (169.254.169.254, the cloud metadata service),
 * unique-local (fd00:ec2::254), multicast, carrier-grade NAT or reserved addresses. Checked at registration and again
 * before every delivery, because a name can be re-pointed (DNS rebinding); the HTTP client then resolves the name
 * again, from the JVM's DNS cache that this check just filled. {@code certflow.webhooks.allow-private-targets}
 * (demo and tests only) allows {@code http} and such addresses.
 */
public class TargetGuard {

    /** Resolves a host name; the JVM's resolver in production. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    static final int MAX_URL_LENGTH = 2000;

    private final boolean allowPrivateTargets;
    private final Resolver resolver;

    TargetGuard(boolean allowPrivateTargets, Resolver resolver) {
        this.allowPrivateTargets = allowPrivateTargets;
        this.resolver = resolver;
    }

    /** The URL to call, or why not. */
    URI check(String url) throws UnsafeTargetException {
        if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
            throw new UnsafeTargetException("must be an https URL of at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new UnsafeTargetException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivateTargets && scheme.equals("http"))) {
            throw new UnsafeTargetException("must be an https URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new UnsafeTargetException("must name a host, without user information or fragment");
        }
        if (allowPrivateTargets) {
            return uri;
        }
        String host = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new UnsafeTargetException("has a host name that does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new UnsafeTargetException(
                        "resolves to a loopback, private, link-local or otherwise internal address");
            }
        }
        return uri;
    }

    /** Whether an address is public (the rule above); the DCV file check applies it to the customer's domain too. */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicIpv4(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff);
        }
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return false; // unique local fc00::/7, among them the EC2 metadata service fd00:ec2::254
        }
        if (first == 0x20 && (b[1] & 0xff) == 0x02) {
            return isPublicIpv4(b[2] & 0xff, b[3] & 0xff, b[4] & 0xff); // 6to4 2002::/16 carries an IPv4 address
        }
        if (isPrefix(b, 0x00, 0x64, 0xff, 0x9b)) {
            return isPublicIpv4(b[12] & 0xff, b[13] & 0xff, b[14] & 0xff); // NAT64 64:ff9b::/96 carries one too
        }
        if (first == 0) {
            return false; // ::/8: unspecified, loopback, IPv4-compatible
        }
        return true;
    }

    private static boolean isPublicIpv4(int a, int b, int c) {
        return a != 0
                && a != 10
                && a != 127
                && a < 224 // this network, private, loopback, multicast+reserved
                && !(a == 100 && (b & 0xc0) == 64) // carrier-grade NAT 100.64.0.0/10
                && !(a == 169 && b == 254) // link-local, metadata 169.254.169.254
                && !(a == 172 && (b & 0xf0) == 16) // private 172.16.0.0/12
                && !(a == 192 && b == 168) // private 192.168.0.0/16
                && !(a == 192 && b == 0 && c == 0) // IETF protocol assignments 192.0.0.0/24
                && !(a == 198 && (b & 0xfe) == 18); // benchmarking 198.18.0.0/15
    }

    private static boolean isPrefix(byte[] address, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((address[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
