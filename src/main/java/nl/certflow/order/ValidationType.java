package nl.certflow.order;

/** Validation level of a certificate: domain, organisation or extended validation. */
public enum ValidationType {
    DV,
    OV,
    EV;

    public boolean validatesOrganisation() {
        return this != DV;
    }
}
