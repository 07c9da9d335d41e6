package nl.certflow.webhook;

/** A stored push cannot be delivered yet; its job is retried and finally shown to operators as an incident. */
public class CaPushNotDeliverableException extends RuntimeException {

    public CaPushNotDeliverableException(String message) {
        super(message);
    }
}
