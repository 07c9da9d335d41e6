package nl.certflow.order;

/** What a history entry tells the reseller's systems, as the event's {@code type}. */
public enum OrderEventType {
    CREATED("order.created"),
    STATUS_CHANGED("order.status_changed"),
    NOTE("order.note"),
    /** A reminder that the certificate (or the term) ends soon and no renewal was ordered yet. */
    RENEWAL_REMINDER("order.renewal_reminder");

    private final String type;

    OrderEventType(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }
}
