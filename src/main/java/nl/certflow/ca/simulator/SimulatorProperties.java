package nl.certflow.ca.simulator;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process simulated CA ({@code certflow.ca.simulator.*}): how long it "reviews" an order before deciding,
 * and how long before it confirms a cancellation. Zero makes it instant (benchmarks). {@code push-url} is where it
 * pushes, as a real CA pushes to the one address it was given (in a cluster: the load balancer); unset, it pushes to
 * this node's own {@code /webhooks/sectigo}.
 */
@ConfigurationProperties("certflow.ca.simulator")
public record SimulatorProperties(
        @DefaultValue("PT5S") Duration decisionDelay,
        @DefaultValue("PT2S") Duration cancellationDelay,
        URI pushUrl) {}
