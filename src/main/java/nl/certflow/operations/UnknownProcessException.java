package nl.certflow.operations;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An operator named a process that is not deployed: a 400 problem. */
public class UnknownProcessException extends ErrorResponseException {

    public UnknownProcessException(String key) {
        super(HttpStatus.BAD_REQUEST, detail("No process with the key '" + key + "' is deployed."), null);
    }

    private static ProblemDetail detail(String text) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, text);
        problem.setTitle("Unknown process");
        return problem;
    }
}
