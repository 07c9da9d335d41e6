package nl.certflow.prevalidation;

/** The company register is down or refused to answer (5xx, 429, network): a retry may cure it. */
public class RegistryUnavailableException extends RuntimeException {

    public RegistryUnavailableException(String message) {
        super(message);
    }

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
