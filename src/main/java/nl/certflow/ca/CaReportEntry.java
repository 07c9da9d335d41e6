package nl.certflow.ca;

import java.time.Instant;

/** One order as the CA's report lists it (Sectigo WebHostReport): its state and, once issued, the notAfter. */
public record CaReportEntry(String orderNumber, CaState state, String certificateId, Instant notAfter) {}
