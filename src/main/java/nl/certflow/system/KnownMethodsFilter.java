package nl.certflow.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A method no certflow endpoint knows (CONNECT, WebDAV's, made-up ones) is a 405 problem: the servlet API would
 * answer 501 Not Implemented, a server error for what is the client's mistake.
 */
class KnownMethodsFilter extends OncePerRequestFilter {

    static final String KNOWN = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final Set<String> METHODS = Set.of(KNOWN.split(", "));

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!METHODS.contains(request.getMethod())) {
            response.setHeader("Allow", KNOWN);
            ProblemWriter.write(
                    response,
                    HttpStatus.METHOD_NOT_ALLOWED,
                    "method-not-allowed",
                    "Method not allowed",
                    "certflow answers only " + KNOWN);
            return;
        }
        chain.doFilter(request, response);
    }
}
