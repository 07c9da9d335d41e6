package nl.certflow.order;

/** The CSR is unusable; the message tells the customer why, in words they can act on. */
public class InvalidCsrException extends RuntimeException {

    public InvalidCsrException(String message) {
        super(message);
    }

    public InvalidCsrException(String message, Throwable cause) {
        super(message, cause);
    }
}
