package nl.certflow.bench.ceiling;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.certflow.bench.Database;
import nl.certflow.process.Reconciliation;
import nl.certflow.system.InstancesAndIncidentsHistory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * An in-process engine on certflow's own application.yml (same engine, job executor and history settings) and the
 * same BPMN files, with no-op delegates: the ceiling run, and the seeder of waiting orders.
 */
@SpringBootApplication
// Reconciliation: the timer start event of ReconcileWithCaProcess (deployed with the other models) reads its cycle
@Import({InstancesAndIncidentsHistory.class, Reconciliation.class})
public class CeilingApplication {

    public static ConfigurableApplicationContext start(Path repo, Database database, boolean jobExecution) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.config.location=file:" + repo.resolve("src/main/resources/application.yml"),
                "--spring.main.web-application-type=none",
                "--spring.main.banner-mode=off",
                "--camunda.bpm.deployment-resource-pattern=file:" + repo.resolve("bpmn") + "/*.bpmn",
                "--camunda.bpm.admin-user.password=ceiling",
                "--camunda.bpm.job-execution.enabled=" + jobExecution,
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password(),
                "--logging.level.root=warn"));
        return SpringApplication.run(CeilingApplication.class, args.toArray(String[]::new));
    }
}
