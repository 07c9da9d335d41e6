package nl.certflow.prevalidation;

import static org.assertj.core.api.Assertions.assertThat;

import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

@DatabaseIndependent
class CompanyRegistryConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KvkProperties.class)
    static class WithKvkProperties {}

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(WithKvkProperties.class, CompanyRegistryConfiguration.class);

    @Test
    void theOfflineRegistryIsTheDefault() {
        context.run(started ->
                assertThat(started).getBean(CompanyRegistry.class).isInstanceOf(OfflineCompanyRegistry.class));
    }

    @Test
    void theKvkRegistryWhenChosenAndConfigured() {
        context.withPropertyValues(
                        "certflow.prevalidation.registry=kvk",
                        "certflow.kvk.base-url=https://api.kvk.nl/test/api",
                        "certflow.kvk.api-key=some-key")
                .run(started -> {
                    assertThat(started).getBean(CompanyRegistry.class).isInstanceOf(KvkCompanyRegistry.class);
                    assertThat(started.getBean(KvkProperties.class).timeout()).hasSeconds(5);
                });
    }

    @Test
    void theKvkRegistryWithoutBaseUrlAndKeyStopsTheStartUp() {
        context.withPropertyValues("certflow.prevalidation.registry=kvk")
                .run(
                        started -> assertThat(started)
                                .hasFailed()
                                .getFailure()
                                .rootCause()
                                .hasMessageContaining(
                                        "certflow.prevalidation.registry=kvk needs certflow.kvk.base-url and certflow.kvk.api-key"));
    }

    @Test
    void anUnknownRegistryStopsTheStartUp() {
        context.withPropertyValues("certflow.prevalidation.registry=kvk-test")
                .run(started -> assertThat(started)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("must be 'offline' or 'kvk', not 'kvk-test'"));
    }
}
