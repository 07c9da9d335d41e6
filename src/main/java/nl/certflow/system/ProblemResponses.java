package nl.certflow.system;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.net.URI;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import nl.certflow.order.FieldError;
import nl.certflow.order.InvalidOrderException;
import nl.certflow.order.OrderConflictException;
import nl.certflow.order.OrderNotFoundException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 {@code application/problem+json}. Spring's own MVC errors (unreadable JSON, wrong media
 * type, unknown method) come from the base class; certflow's are mapped here.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);
    private static final String TYPE_BASE = "https://certflow.nl/problems/";

    /**
     * SQL states of a foreign key violation (23503; H2 reports a still-referenced row as 23504). When two
     * transactions change one order's execution tree at once (a cancel interrupting the CA wait while a push starts
     * a new wait in it), PostgreSQL reports the loser's delete as such a violation instead of a stale revision.
     */
    private static final Set<String> CONCURRENT_TREE_CHANGE = Set.of("23503", "23504");

    @ExceptionHandler(InvalidOrderException.class)
    ProblemDetail invalid(InvalidOrderException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-order", "Invalid request", e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(OrderNotFoundException.class)
    ProblemDetail notFound(OrderNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "order-not-found", "Order not found", e.getMessage());
    }

    @ExceptionHandler(OrderConflictException.class)
    ProblemDetail conflict(OrderConflictException e) {
        return problem(
                HttpStatus.CONFLICT, "order-conflict", "Not possible in the order's current status", e.getMessage());
    }

    /** Two calls changed the same order at once; the loser may simply try again. */
    @ExceptionHandler(OptimisticLockingException.class)
    ProblemDetail concurrentChange(OptimisticLockingException e) {
        LOG.info("Concurrent change of an order's process: {}", e.getMessage());
        return problem(
                HttpStatus.CONFLICT,
                "concurrent-change",
                "The order changed at the same time",
                "Another change of this order was processed at the same moment; please try again");
    }

    /** The same race seen by the database's foreign keys: a conflict like the one above, anything else a 500. */
    @ExceptionHandler(ProcessEnginePersistenceException.class)
    ProblemDetail persistenceFailure(ProcessEnginePersistenceException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && CONCURRENT_TREE_CHANGE.contains(sql.getSQLState())) {
                return concurrentChange(new OptimisticLockingException(sql.getMessage()));
            }
        }
        return unexpected(e);
    }

    /** A chunked body cut off by {@link RequestSizeLimitFilter} is too large, not unreadable; a wrong field is named. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimitFilter.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                        .body(problem(
                                HttpStatus.PAYLOAD_TOO_LARGE,
                                "payload-too-large",
                                "Request too large",
                                tooLarge.getMessage()));
            }
        }
        // an unknown field, or a value of the wrong JSON type: named like every other field error
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MismatchedInputException mismatch
                    && !mismatch.getPath().isEmpty()) {
                InvalidOrderException invalid = new InvalidOrderException(List.of(new FieldError(
                        field(mismatch),
                        mismatch instanceof UnrecognizedPropertyException
                                ? "is not a known field"
                                : "must be " + expected(mismatch.getTargetType()))));
                return createResponseEntity(invalid(invalid), headers, HttpStatus.BAD_REQUEST, request);
            }
        }
        return super.handleHttpMessageNotReadable(e, headers, status, request);
    }

    /** Spring Security's firewall, checking parameter names lazily (a NUL in a form field's name): the caller's error. */
    @ExceptionHandler(RequestRejectedException.class)
    ProblemDetail rejected(RequestRejectedException e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "rejected-request",
                "Request rejected",
                "The request contains characters or sequences that are not allowed");
    }

    /** Problem+json whatever the client accepts: an Accept it cannot meet must not leave the error without a body. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.addAll(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, problemHeaders, status);
    }

    /** The JSON path of the field, as the field errors name it: {@code requester.email}, {@code subjectAlternativeNames[1]}. */
    private static String field(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        return Collection.class.isAssignableFrom(type) ? "a list" : "an object";
    }

    /** A defect, never the caller's input: logged with its stack trace, answered without internals. */
    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e) {
        LOG.error("Unexpected error answering a request", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "certflow could not handle this request; the operators have been informed through the log");
    }

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }
}
