package nl.certflow.ca;

/** The CA's identifiers of a placed order (Sectigo: orderNumber and certificateID). */
public record CaSubmission(String orderNumber, String certificateId) {}
