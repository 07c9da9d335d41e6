package nl.certflow.order;

import java.util.List;

/** The request is not a valid order; answered with 400 and the field errors. */
public class InvalidOrderException extends RuntimeException {

    private final transient List<FieldError> errors;

    public InvalidOrderException(List<FieldError> errors) {
        super("The order is invalid: " + errors.size() + " field(s) need attention");
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
