package nl.certflow.operations;

import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators move running orders onto the newest model version (README, "Operators"): plan (a dry run), run (engine
 * batches), and the report of a batch. Only API accounts with role OPERATOR get here (SecurityConfiguration).
 */
@RestController
@RequestMapping(path = "/api/operations/migrations", produces = "application/json")
public class MigrationController {

    private final MigrationPlanner planner;
    private final MigrationBatchStore batches;

    public MigrationController(ProcessEngine engine, MigrationBatchStore batches) {
        this.planner = new MigrationPlanner(engine);
        this.batches = batches;
    }

    /** Which process to migrate; no body or no key: every process with instances on an older version. */
    public record MigrationRequest(String processDefinitionKey) {}

    /** What a run started, and the plan it followed (versions needing a decision were left alone). */
    public record MigrationRun(List<MigrationBatchReport> batches, MigrationReport plan) {}

    @PostMapping("/plan")
    public MigrationReport plan(@RequestBody(required = false) MigrationRequest body) {
        return planner.plan(key(body));
    }

    @PostMapping("/run")
    @Transactional
    public ResponseEntity<MigrationRun> run(Authentication auth, @RequestBody(required = false) MigrationRequest body) {
        MigrationReport plan = planner.plan(key(body));
        List<StartedMigration> started = planner.run(key(body), auth.getName());
        started.forEach(batches::save);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new MigrationRun(started.stream().map(planner::report).toList(), plan));
    }

    @GetMapping("/{batchId}")
    public MigrationBatchReport report(@PathVariable String batchId) {
        return batches.find(batchId).map(planner::report).orElseThrow(() -> notFound(batchId));
    }

    private static String key(MigrationRequest body) {
        return body == null ? null : body.processDefinitionKey();
    }

    private static ErrorResponseException notFound(String batchId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "No migration batch " + batchId + " was started.");
        problem.setTitle("Migration batch not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
