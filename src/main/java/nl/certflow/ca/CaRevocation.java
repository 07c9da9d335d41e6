package nl.certflow.ca;

/**
 * One certificate of an order to revoke (not the order): by the CA's certificate id when known, else by serial
 * number (hex). {@code keyCompromise} gives RFC 5280 reason keyCompromise (1), else superseded (4).
 */
public record CaRevocation(
        String caOrderNumber, String certificateId, String serialNumber, String reason, boolean keyCompromise) {}
