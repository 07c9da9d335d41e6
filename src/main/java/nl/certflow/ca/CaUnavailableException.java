package nl.certflow.ca;

/** A technical failure talking to the CA (network, timeout, 5xx, call limit): retry later. */
public class CaUnavailableException extends RuntimeException {

    public CaUnavailableException(String message) {
        super(message);
    }

    public CaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
