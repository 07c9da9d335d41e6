package nl.certflow.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;

/** Writes a problem+json answer from a filter or a Tomcat valve, where no controller advice runs (401, 403, 413). */
final class ProblemWriter {

    private ProblemWriter() {}

    static void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/problem+json");
        response.getWriter().write(json(status.value(), type, title, detail));
    }

    /** The problem as JSON; type, title and detail are certflow's own texts (nothing to escape). */
    static String json(int status, String type, String title, String detail) {
        return "{\"type\":\"https://certflow.nl/problems/" + type + "\",\"title\":\"" + title + "\",\"status\":"
                + status + ",\"detail\":\"" + detail + "\"}";
    }
}
