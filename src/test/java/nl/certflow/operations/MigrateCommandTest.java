package nl.certflow.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.certflow.ApiClient;
import nl.certflow.TestOrders;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * {@code scripts/migrate.sh}, the operators' migration command the README documents, against the running application:
 * the plan in words, a run followed to its final report (the waiting order is on the newest version afterwards), a
 * batch's status, and the refusals (a customer's account, no command) with exit status 1 and a message.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MigrateCommandTest {

    private static final Pattern BATCH =
            Pattern.compile("(?m)^Batch ([^:]+): CertificateOrderProcess version \\d+ -> \\d+");

    @LocalServerPort
    int port;

    @Autowired
    RepositoryService repository;

    @Autowired
    RuntimeService runtime;

    record Run(int exit, String out, String err) {}

    @Test
    void plansRunsAndReportsTheMigrationOfWaitingOrders() throws Exception {
        String open = new ApiClient(port)
                .post(
                        "alice",
                        "alice-secret",
                        "/api/orders",
                        TestOrders.dv("cli.example.com").toString())
                .id();
        repository
                .createDeployment()
                .name("the next release, for migrate.sh")
                .addClasspathResource("bpmn/CertificateOrderProcess.bpmn")
                .deploy();
        int newest = repository
                .createProcessDefinitionQuery()
                .processDefinitionKey("CertificateOrderProcess")
                .latestVersion()
                .singleResult()
                .getVersion();

        Run plan = migrate("ops:ops-secret", "plan", "CertificateOrderProcess");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out())
                .contains("the newest is version " + newest + ".")
                .contains("(Gateway_AwaitSubmit): moves to Gateway_AwaitSubmit")
                .contains("Can be migrated as it is.");

        Run run = migrate("ops:ops-secret", "run", "CertificateOrderProcess", "--wait");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        Matcher batch = BATCH.matcher(run.out());
        assertThat(batch.find()).as(run.out()).isTrue();
        assertThat(run.out()).contains("Finished.");
        assertThat(repository
                        .getProcessDefinition(runtime.createProcessInstanceQuery()
                                .processDefinitionKey("CertificateOrderProcess")
                                .processInstanceBusinessKey(open)
                                .singleResult()
                                .getProcessDefinitionId())
                        .getVersion())
                .as("the Open order lives on the newest version")
                .isEqualTo(newest);

        Run status = migrate("ops:ops-secret", "status", batch.group(1));
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("version " + newest).contains("Finished.");
    }

    @Test
    void refusalsEndWithStatusOneAndSayWhy() throws Exception {
        Run customer = migrate("alice:alice-secret", "plan");
        assertThat(customer.exit()).isEqualTo(1);
        assertThat(customer.err()).contains("answered HTTP 403");
        Run nothing = migrate("ops:ops-secret");
        assertThat(nothing.exit()).isEqualTo(1);
        assertThat(nothing.err()).contains("scripts/migrate.sh plan   [processDefinitionKey]");
        Run unknown = migrate("ops:ops-secret", "status", "no-such-batch");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("answered HTTP 404: No migration batch no-such-batch was started.");
    }

    private Run migrate(String operator, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/migrate.sh"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("CERTFLOW_URL", "http://localhost:" + port);
        env.put("CERTFLOW_OPERATOR", operator);
        env.put("WAIT_SECONDS", "120");
        Process process = builder.start();
        process.getOutputStream().close();
        // the outputs are small; read both after the end (a batch is followed for up to WAIT_SECONDS)
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("scripts/migrate.sh " + String.join(" ", args) + " did not end in 3 minutes");
        }
        return new Run(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
