package nl.certflow.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a CA push in only from the configured addresses/CIDRs ({@code allowed-ips}); empty allows any.
 *
 * <p>The client address is the direct peer, unless that peer is one of the {@code trusted-proxies}: then it is the
 * right-most {@code X-Forwarded-For} entry that is not a trusted proxy (entries to its left were written by the
 * client and can be forged). From any other peer the header is ignored. Downstream, {@code getRemoteAddr()} answers
 * the client address, so the stored push names the CA's address, not the proxy's.
 */
class SourceAddressFilter extends OncePerRequestFilter {

    static final String FORWARDED_FOR = "X-Forwarded-For";

    // Only IP literals reach InetAddress: a host name would trigger a DNS lookup chosen by whoever wrote the header.
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<IpAddressMatcher> allowed;
    private final List<IpAddressMatcher> trustedProxies;

    SourceAddressFilter(List<String> allowedIps, List<String> trustedProxies) {
        this.allowed = matchers(allowedIps);
        this.trustedProxies = matchers(trustedProxies);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = clientAddress(request);
        if (!allowed.isEmpty() && !matchesAny(allowed, client)) {
            ProblemWriter.write(
                    response,
                    HttpStatus.FORBIDDEN,
                    "source-not-allowed",
                    "Source address not allowed",
                    "Pushes are accepted only from the CA's configured addresses");
            return;
        }
        chain.doFilter(client.equals(request.getRemoteAddr()) ? request : withRemoteAddr(request, client), response);
    }

    String clientAddress(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!matchesAny(trustedProxies, peer)) {
            return peer;
        }
        List<String> hops = forwardedFor(request);
        for (int i = hops.size() - 1; i >= 0; i--) {
            if (!matchesAny(trustedProxies, hops.get(i))) {
                return hops.get(i);
            }
        }
        return hops.isEmpty() ? peer : hops.get(0);
    }

    /** All X-Forwarded-For headers, in order, split at commas. */
    private static List<String> forwardedFor(HttpServletRequest request) {
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders(FORWARDED_FOR))) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.strip());
                }
            }
        }
        return hops;
    }

    /** An address that is not an IP literal (a name, "unknown", a port) matches nothing, so it is never allowed. */
    private static boolean matchesAny(List<IpAddressMatcher> matchers, String address) {
        if (address == null
                || !(IPV4.matcher(address).matches() || IPV6.matcher(address).matches())) {
            return false;
        }
        try {
            return matchers.stream().anyMatch(matcher -> matcher.matches(address));
        } catch (IllegalArgumentException notAnAddress) {
            return false;
        }
    }

    private static List<IpAddressMatcher> matchers(List<String> addresses) {
        return addresses.stream()
                .map(String::strip)
                .filter(ip -> !ip.isEmpty())
                .map(IpAddressMatcher::new)
                .toList();
    }

    private static HttpServletRequest withRemoteAddr(HttpServletRequest request, String client) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getRemoteAddr() {
                return client;
            }
        };
    }
}
