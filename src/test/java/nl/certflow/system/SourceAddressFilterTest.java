package nl.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

@DatabaseIndependent
class SourceAddressFilterTest {

    private static final String CA = "203.0.113.7";
    private static final String PROXY = "10.0.0.5";

    private final SourceAddressFilter behindProxy =
            new SourceAddressFilter(List.of("203.0.113.0/24"), List.of("10.0.0.0/8"));
    private final SourceAddressFilter direct = new SourceAddressFilter(List.of("203.0.113.0/24"), List.of());

    @Test
    void directPeerIsTheClientWithoutTrustedProxies() {
        assertThat(status(direct, CA)).isEqualTo(200);
        assertThat(status(direct, "198.51.100.9")).isEqualTo(403);
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnored() {
        assertThat(status(direct, "198.51.100.9", CA)).isEqualTo(403);
        assertThat(status(behindProxy, "198.51.100.9", CA)).isEqualTo(403);
        assertThat(forwardedClient(direct, PROXY, CA)).isEqualTo(PROXY);
    }

    @Test
    void behindATrustedProxyTheClientIsTheRightMostUntrustedEntry() {
        assertThat(forwardedClient(behindProxy, PROXY, CA)).isEqualTo(CA);
        assertThat(status(behindProxy, PROXY, CA)).isEqualTo(200);
        // The client wrote the left part; the proxies appended what they saw.
        assertThat(forwardedClient(behindProxy, PROXY, "198.51.100.9, " + CA + ", 10.1.2.3"))
                .isEqualTo(CA);
        assertThat(status(behindProxy, PROXY, CA + ", 198.51.100.9"))
                .as("forged allowed entry on the left")
                .isEqualTo(403);
        assertThat(forwardedClient(behindProxy, PROXY, "198.51.100.9", CA))
                .as("several headers")
                .isEqualTo(CA);
    }

    @Test
    void aTrustedProxyWithoutHeaderIsItselfTheClient() {
        assertThat(forwardedClient(behindProxy, PROXY)).isEqualTo(PROXY);
        assertThat(status(behindProxy, PROXY)).isEqualTo(403);
    }

    @Test
    void entriesThatAreNoIpLiteralAreNeverAllowed() {
        assertThat(status(behindProxy, PROXY, "unknown")).isEqualTo(403);
        assertThat(status(behindProxy, PROXY, "ca.example.com")).isEqualTo(403);
        assertThat(status(behindProxy, PROXY, CA + ":443")).isEqualTo(403);
        assertThat(status(behindProxy, PROXY, "cafe")).isEqualTo(403);
    }

    @Test
    void ipv6ProxiesAndClientsAreMatched() {
        SourceAddressFilter filter = new SourceAddressFilter(List.of("2001:db8:1::/48"), List.of("fd00::/8"));

        assertThat(status(filter, "fd00::1", "2001:db8:1::7")).isEqualTo(200);
        assertThat(status(filter, "fd00::1", "2001:db8:2::7")).isEqualTo(403);
    }

    @Test
    void downstreamSeesTheClientAddress() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        behindProxy.doFilter(request(PROXY, CA), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest().getRemoteAddr()).isEqualTo(CA);
    }

    @Test
    void emptyAllowListAllowsAnyAddress() {
        assertThat(status(new SourceAddressFilter(List.of(), List.of()), "198.51.100.9", "unknown"))
                .isEqualTo(200);
    }

    private static int status(SourceAddressFilter filter, String peer, String... forwardedFor) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            filter.doFilter(request(peer, forwardedFor), response, new MockFilterChain());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response.getStatus();
    }

    private static String forwardedClient(SourceAddressFilter filter, String peer, String... forwardedFor) {
        return filter.clientAddress(request(peer, forwardedFor));
    }

    private static MockHttpServletRequest request(String peer, String... forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/sectigo");
        request.setRemoteAddr(peer);
        for (String header : forwardedFor) {
            request.addHeader(SourceAddressFilter.FORWARDED_FOR, header);
        }
        return request;
    }
}
