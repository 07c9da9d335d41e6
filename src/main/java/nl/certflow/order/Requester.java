package nl.certflow.order;

/** The person who requests the certificate (the CA's "applicant representative"). */
public record Requester(String name, String email, String phone) {}
