package nl.certflow.system;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code server.error.path}) as problem+json, in place of Spring Boot's
 * {@code BasicErrorController}; called directly, it is a resource that does not exist.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ProblemDetail problem;
        if (request.getDispatcherType() != DispatcherType.ERROR || !(code instanceof Integer status)) {
            problem = ProblemResponses.problem(
                    HttpStatus.NOT_FOUND, "not-found", "Not found", "No resource at this path");
        } else if (status >= 500 || HttpStatus.resolve(status) == null) {
            problem = ProblemResponses.problem(
                    HttpStatus.INTERNAL_SERVER_ERROR,
                    "internal-error",
                    "Internal error",
                    "certflow could not handle this request; the operators have been informed through the log");
        } else {
            HttpStatus known = HttpStatus.valueOf(status);
            problem = ProblemResponses.problem(
                    known,
                    "http-" + status,
                    known.getReasonPhrase(),
                    "The request was refused: " + known.getReasonPhrase());
        }
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
