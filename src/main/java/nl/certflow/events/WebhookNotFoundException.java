package nl.certflow.events;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No endpoint with this id among the caller's: a 404 problem. */
class WebhookNotFoundException extends ErrorResponseException {

    WebhookNotFoundException(String id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No webhook endpoint " + id);
        problem.setType(URI.create("https://certflow.nl/problems/webhook-not-found"));
        problem.setTitle("Webhook endpoint not found");
        return problem;
    }
}
