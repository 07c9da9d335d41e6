package nl.certflow.system;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error answers as problem+json instead of its HTML page: requests it refuses before certflow sees them
 * (an invalid URL or header, a URL or headers over the limit, an unknown {@code Expect}, TRACE, CONNECT).
 */
class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        if (status == HttpStatus.NOT_IMPLEMENTED.value()) { // Tomcat's answer to CONNECT: the client's mistake
            status = HttpStatus.METHOD_NOT_ALLOWED.value();
            response.setStatus(status);
            response.setHeader("Allow", KnownMethodsFilter.KNOWN);
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = status == HttpStatus.BAD_REQUEST.value()
                ? "The request is malformed (its URL, a header or their size) and was refused before certflow read it"
                : "The server refused the request: " + title;
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ProblemWriter.json(
                        status, status == 400 ? "rejected-request" : "http-" + status, title, detail));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the answer already started: nothing left to tell the client
        }
    }
}
