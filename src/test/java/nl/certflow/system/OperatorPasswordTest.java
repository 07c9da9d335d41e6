package nl.certflow.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.certflow.CertflowApplication;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The operator account across restarts on one database (an H2 file; on the PostgreSQL pass the same PostgreSQL
 * database each time): the configured password wins at every start, also when two nodes start at once, and a
 * generated one is generated and printed once, then kept. Every start lifts a login lock left on the account.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperatorPasswordTest {

    private static final Pattern GENERATED = Pattern.compile("operator account operator / ([0-9a-f]{24})");

    @TempDir
    Path data;

    @Test
    void theConfiguredPasswordWinsAtEveryStart() {
        try (ConfigurableApplicationContext first = start("first-secret")) {
            assertThat(passwordWorks(first, "first-secret")).isTrue();
            // as Camunda's own lock left it after 240 failed logins (an older certflow on this database)
            first.getBean(JdbcTemplate.class)
                    .update(
                            "UPDATE ACT_ID_USER SET ATTEMPTS_ = 240, LOCK_EXP_TIME_ = ? WHERE ID_ = 'operator'",
                            Timestamp.from(Instant.now().plus(Duration.ofDays(1))));
            assertThat(passwordWorks(first, "first-secret")).as("locked").isFalse();
        }
        try (ConfigurableApplicationContext again = start("first-secret")) {
            assertThat(passwordWorks(again, "first-secret"))
                    .as("a plain restart, which also lifts the lock")
                    .isTrue();
            assertThat(again.getBean(JdbcTemplate.class)
                            .queryForObject("SELECT ATTEMPTS_ FROM ACT_ID_USER WHERE ID_ = 'operator'", Integer.class))
                    .isZero();
        }
        try (ConfigurableApplicationContext rotated = start("second-secret")) {
            assertThat(passwordWorks(rotated, "first-secret"))
                    .as("the old password")
                    .isFalse();
            assertThat(passwordWorks(rotated, "second-secret"))
                    .as("the new password")
                    .isTrue();
        }
    }

    @Test
    void aGeneratedPasswordIsPrintedOnceAndKeptUntilOneIsConfigured(CapturedOutput output) {
        String generated;
        try (ConfigurableApplicationContext first = start("")) {
            Matcher printed = GENERATED.matcher(output.getAll());
            assertThat(printed.find())
                    .as("the generated password is printed at the first start")
                    .isTrue();
            generated = printed.group(1);
            assertThat(passwordWorks(first, generated)).isTrue();
        }
        int printedSoFar = output.getAll().length();
        try (ConfigurableApplicationContext second = start("")) {
            String secondStart = output.getAll().substring(printedSoFar);
            assertThat(GENERATED.matcher(secondStart).find())
                    .as("no new password printed")
                    .isFalse();
            assertThat(secondStart).contains("keeps the password generated", "CAMUNDA_BPM_ADMINUSER_PASSWORD");
            assertThat(passwordWorks(second, generated))
                    .as("the first start's password still works")
                    .isTrue();
        }
        try (ConfigurableApplicationContext configured = start("chosen-secret")) {
            assertThat(passwordWorks(configured, "chosen-secret")).isTrue();
            assertThat(passwordWorks(configured, generated)).isFalse();
        }
    }

    @Test
    void twoNodesStartingAtOnceWithANewPasswordBothStartAndItWins() {
        start("old-secret").close();
        // Spring Boot sets up the JVM's one logging system while an application starts: two at the very same moment
        // trip over each other there ("Unable to find Spring Environment in logger context"). Node B starts once
        // node A's logging is set up, so both engines (and their operator accounts) still start side by side.
        CountDownLatch loggingOfASetUp = new CountDownLatch(1);
        List<CompletableFuture<ConfigurableApplicationContext>> nodes = List.of(
                CompletableFuture.supplyAsync(() -> start(
                        builder -> builder.listeners(
                                (ApplicationContextInitializedEvent e) -> loggingOfASetUp.countDown()),
                        "new-secret",
                        "--camunda.bpm.process-engine-name=nodeA")),
                CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(loggingOfASetUp);
                    return start(builder -> {}, "new-secret", "--camunda.bpm.process-engine-name=nodeB");
                }));
        List<ConfigurableApplicationContext> started = new ArrayList<>();
        try {
            for (CompletableFuture<ConfigurableApplicationContext> node : nodes) {
                started.add(node.join());
            }
            for (ConfigurableApplicationContext node : started) {
                assertThat(passwordWorks(node, "new-secret")).isTrue();
                assertThat(passwordWorks(node, "old-secret")).isFalse();
            }
        } finally {
            nodes.forEach(node -> node.thenAccept(ConfigurableApplicationContext::close));
        }
    }

    private static boolean passwordWorks(ConfigurableApplicationContext context, String password) {
        return context.getBean(IdentityService.class).checkPassword("operator", password);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ConfigurableApplicationContext start(String operatorPassword, String... more) {
        return start(builder -> {}, operatorPassword, more);
    }

    private ConfigurableApplicationContext start(
            Consumer<SpringApplicationBuilder> customizer, String operatorPassword, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:"
                        + data.resolve("certflow").toAbsolutePath(),
                "--camunda.bpm.admin-user.password=" + operatorPassword,
                "--logging.level.nl.certflow.system=info"));
        args.addAll(List.of(more));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(CertflowApplication.class).profiles("test");
        customizer.accept(builder);
        return builder.run(args.toArray(String[]::new));
    }
}
