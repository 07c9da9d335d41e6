package nl.certflow.events;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A replay asked while a delivery to the endpoint is under way: 409, try again in a moment. */
class WebhookBusyException extends ErrorResponseException {

    WebhookBusyException(String id) {
        super(HttpStatus.CONFLICT, problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT,
                "A delivery to webhook endpoint " + id + " is under way; try again when it is done");
        problem.setType(URI.create("https://certflow.nl/problems/webhook-busy"));
        problem.setTitle("Webhook endpoint busy");
        return problem;
    }
}
