package nl.certflow.ca;

/** The CA refused the request for a reason a retry will not cure (bad input, policy). */
public class CaRefusedException extends RuntimeException {

    public CaRefusedException(String message) {
        super(message);
    }
}
