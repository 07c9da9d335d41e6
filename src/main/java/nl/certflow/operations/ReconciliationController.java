package nl.certflow.operations;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The latest report of the reconciliation with the CA (README, "Operators: reconciliation with the CA"). */
@RestController
public class ReconciliationController {

    private final ReconciliationReports reports;

    public ReconciliationController(ReconciliationReports reports) {
        this.reports = reports;
    }

    @GetMapping(path = "/api/operations/reconciliation", produces = "application/json")
    public ReconciliationReport latest() {
        return reports.latest().orElseThrow(() -> {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.NOT_FOUND, "The reconciliation with the CA has not run yet.");
            problem.setTitle("No reconciliation report");
            return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
        });
    }
}
