package nl.certflow.order;

/** The organisation an OV/EV certificate is issued to; {@code country} is ISO-3166 alpha-2. */
public record Company(String name, String kvkNumber, String country, String street, String postalCode, String city) {}
