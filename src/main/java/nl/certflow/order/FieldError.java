package nl.certflow.order;

/** One invalid field of a request, as it appears in the problem response's {@code errors}. */
public record FieldError(String field, String message) {}
