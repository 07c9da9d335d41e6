package nl.certflow.ca.sectigo;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * certflow with {@code provider=sectigo}, pointed at one {@link SectigoStub} that the test classes extending this one
 * share, and with them one cached Spring context. Pushes come "through a reverse proxy" on 127.0.0.1 that names
 * Sectigo's address in X-Forwarded-For; only Sectigo's network may push. The poll interval stays at its default
 * (PT3H), so only pushes move an order; polling is in {@link SectigoPollingTest}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "certflow.ca.provider=sectigo",
            "certflow.ca.sectigo.connect-timeout=PT1S",
            "certflow.ca.sectigo.read-timeout=PT1S",
            "certflow.webhook.sectigo.allowed-ips=" + SharedSectigoApplication.SECTIGO_NETWORK,
            "certflow.webhook.sectigo.trusted-proxies=127.0.0.1/32",
            // Cockpit and the engine REST API find engines in a per-JVM registry: a name of its own keeps this
            // application's engine reachable there while other test applications start and stop (CaFaultsTest)
            "camunda.bpm.process-engine-name=" + SharedSectigoApplication.ENGINE
        })
@ActiveProfiles("test")
abstract class SharedSectigoApplication {

    static final String ENGINE = "sectigo";
    static final String SECTIGO_NETWORK = "203.0.113.0/24";
    static final String SECTIGO_ADDRESS = "203.0.113.7";
    static final String PUSH_USER = "sectigo";
    static final String PUSH_PASSWORD = "push-secret";
    /** Runs as long as the JVM, like the cached context that calls it. */
    static final SectigoStub SECTIGO = SectigoStub.started();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void sectigo(DynamicPropertyRegistry registry) {
        SECTIGO.connect(registry);
    }

    @BeforeEach
    void healthySectigoPushingThroughTheProxy() {
        SECTIGO.heal();
        SECTIGO.webhook = new SectigoStub.Webhook(webhookUrl(), PUSH_USER, PUSH_PASSWORD, SECTIGO_ADDRESS);
    }

    String webhookUrl() {
        return "http://127.0.0.1:" + port + "/webhooks/sectigo";
    }
}
