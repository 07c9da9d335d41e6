package nl.certflow.order;

/** An order's statuses (README, first table), with the Dutch labels customers see in the control panel. */
public enum OrderStatus {
    OPEN("Open"),
    REQUESTED("Aangevraagd"),
    ACTIVE("Actief"),
    REJECTED("Afgekeurd"),
    REVOKED("Ingetrokken"),
    EXPIRED("Vervallen");

    private final String label;

    OrderStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isFinal() {
        return this == REJECTED || this == REVOKED || this == EXPIRED;
    }
}
