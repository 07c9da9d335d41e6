package nl.certflow.prevalidation;

import java.util.List;

/** Outcome of a prevalidation: failures in {@code reasons} (customer can act on them), plus non-blocking warnings. */
public record PrevalidationResult(boolean passed, List<String> reasons, List<String> warnings) {}
