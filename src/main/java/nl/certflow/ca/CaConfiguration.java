package nl.certflow.ca;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import nl.certflow.ca.sectigo.SectigoCertificateAuthority;
import nl.certflow.ca.sectigo.SectigoProperties;
import nl.certflow.ca.simulator.SimulatedCaSigner;
import nl.certflow.ca.simulator.SimulatedCertificateAuthority;
import nl.certflow.ca.simulator.SimulatorOrders;
import nl.certflow.ca.simulator.SimulatorProperties;
import nl.certflow.ca.simulator.SimulatorPushSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** Chooses the CA with {@code certflow.ca.provider}: {@code simulator} (embedded default) or {@code sectigo}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SectigoProperties.class, SimulatorProperties.class, WebhookProperties.class})
public class CaConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CaConfiguration.class);

    /** A misspelt provider would otherwise surface as a missing bean; say what is wrong instead. */
    CaConfiguration(@Value("${certflow.ca.provider:simulator}") String provider) {
        if (!provider.equals("simulator") && !provider.equals("sectigo")) {
            throw new IllegalStateException(
                    "certflow.ca.provider must be 'simulator' or 'sectigo', not '" + provider + "'");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "certflow.ca.provider", havingValue = "sectigo")
    static class Sectigo {

        @Bean
        CertificateAuthority certificateAuthority(SectigoProperties properties) {
            return new SectigoCertificateAuthority(properties);
        }

        @Bean
        WebhookCredentials webhookCredentials(WebhookProperties properties) {
            if (isBlank(properties.username()) || isBlank(properties.password())) {
                throw new IllegalStateException(
                        "certflow.ca.provider=sectigo needs certflow.webhook.sectigo.username and "
                                + "certflow.webhook.sectigo.password: the credentials Sectigo's push must carry");
            }
            return new WebhookCredentials(properties.username(), properties.password());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "certflow.ca.provider", havingValue = "simulator", matchIfMissing = true)
    static class Simulator {

        @Bean(destroyMethod = "shutdownNow")
        ScheduledExecutorService simulatorScheduler() {
            return Executors.newScheduledThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "simulated-ca");
                thread.setDaemon(true);
                return thread;
            });
        }

        /** The simulator pushes with the configured credentials, or with a random pair when none are set. */
        @Bean
        WebhookCredentials webhookCredentials(WebhookProperties properties) {
            if (!isBlank(properties.username()) && !isBlank(properties.password())) {
                return new WebhookCredentials(properties.username(), properties.password());
            }
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            LOG.info("certflow.webhook.sectigo.* not set: the simulated CA pushes with generated webhook credentials");
            return new WebhookCredentials("simulated-ca", HexFormat.of().formatHex(secret));
        }

        @Bean
        SimulatedCertificateAuthority certificateAuthority(
                JdbcTemplate jdbc,
                PlatformTransactionManager transactions,
                SimulatedCaSigner signer,
                WebhookCredentials credentials,
                ScheduledExecutorService simulatorScheduler,
                SimulatorProperties properties,
                Clock clock,
                Environment environment,
                ObjectProvider<DcvProbe> probe) {
            // The port is known only once the server runs, so the default address is resolved at each push.
            SimulatorPushSender pushes = new SimulatorPushSender(
                    () -> properties.pushUrl() != null
                            ? properties.pushUrl()
                            : URI.create("http://127.0.0.1:" + environment.getRequiredProperty("local.server.port")
                                    + "/webhooks/sectigo"),
                    credentials,
                    simulatorScheduler);
            return new SimulatedCertificateAuthority(
                    new SimulatorOrders(jdbc, transactions),
                    signer,
                    pushes,
                    simulatorScheduler,
                    properties,
                    clock,
                    probe::getIfAvailable);
        }

        @EventListener(ApplicationReadyEvent.class)
        void resumeSimulator(ApplicationReadyEvent event) {
            event.getApplicationContext()
                    .getBean(SimulatedCertificateAuthority.class)
                    .resumePendingDecisions();
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
