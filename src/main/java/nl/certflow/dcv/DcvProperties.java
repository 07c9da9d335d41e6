package nl.certflow.dcv;

import java.time.Duration;
import java.util.List;
import nl.certflow.order.DcvMethod;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Domain control validation ({@code certflow.dcv.*}): the method an order gets when it names none, the DNS servers
 * certflow's own check asks ({@code host[:port]}; empty: the system's resolvers), and how long one lookup or fetch
 * may take. {@code allow-private-targets} lets the file check fetch from loopback and private addresses (tests and
 * demos only: in production a customer's domain must not point certflow at its own network); {@code http-port} and
 * {@code https-port} replace 80 and 443 for the same reason.
 */
@ConfigurationProperties("certflow.dcv")
public record DcvProperties(
        @DefaultValue("CNAME_CSR_HASH") DcvMethod defaultMethod,
        List<String> dnsServers,
        @DefaultValue("PT2S") Duration lookupTimeout,
        @DefaultValue("false") boolean allowPrivateTargets,
        @DefaultValue("80") int httpPort,
        @DefaultValue("443") int httpsPort) {

    public DcvProperties {
        dnsServers = dnsServers == null
                ? List.of()
                : dnsServers.stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }
}
