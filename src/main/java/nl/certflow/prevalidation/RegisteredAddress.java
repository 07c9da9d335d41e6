package nl.certflow.prevalidation;

/** An address of a KvK branch ({@code type} is e.g. "bezoekadres" or "postadres"). */
public record RegisteredAddress(
        String type, String street, String houseNumber, String postalCode, String city, String country) {}
