package nl.certflow.ca;

import java.util.List;

/** One page of the CA's report; {@code total} is the number of orders in the whole date range. */
public record CaReportPage(List<CaReportEntry> entries, int total) {}
